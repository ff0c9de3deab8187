/**
 * Typed PromQL failures. The HTTP layer maps each class to Prometheus's error type:
 * ParseError and UnsupportedFeatureError → `bad_data`, QueryLimitError and EvaluationError →
 * `execution`. An unsupported feature is always an error naming the feature, never a guess.
 */
export class PromqlError extends Error {
  constructor(
    message: string,
    /** Prometheus's `errorType` for this failure. */
    readonly errorType: 'bad_data' | 'execution' | 'timeout',
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The query text is not valid PromQL (or not well typed). */
export class ParseError extends PromqlError {
  constructor(message: string) {
    super(message, 'bad_data');
  }
}

/** Valid PromQL that Vigil does not evaluate (experimental functions, native histograms, …). */
export class UnsupportedFeatureError extends PromqlError {
  constructor(readonly feature: string) {
    super(`unsupported PromQL feature: ${feature}`, 'bad_data');
  }
}

/** The query would load more samples than the configured limit. */
export class QueryLimitError extends PromqlError {
  constructor(readonly limit: number) {
    super(`query processing would load too many samples into memory in query execution (limit ${limit} samples); narrow the selectors or the time range, or raise the step`, 'execution');
  }
}

/** A runtime failure Prometheus also reports (duplicate label sets, many-to-many matching, …). */
export class EvaluationError extends PromqlError {
  constructor(message: string) {
    super(message, 'execution');
  }
}

/** The query ran past its deadline (Prometheus: `timeout`, "query timed out in query execution"). */
export class QueryTimeoutError extends PromqlError {
  constructor(readonly timeoutMillis: number) {
    super(`query timed out in query execution (limit ${timeoutMillis} ms); narrow the time range or raise the step`, 'timeout');
  }
}
