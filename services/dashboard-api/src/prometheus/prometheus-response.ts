import { formatFloat, PromqlError, type QueryResult } from '@vigil/promql';
import { StoreQueryError, StoreUnavailableError } from '@vigil/store';
import { Problem } from '../http/problem';

export type PromErrorType = 'bad_data' | 'execution' | 'timeout' | 'internal' | 'unavailable' | 'unauthorized' | 'forbidden' | 'not_found';

const STATUS: Readonly<Record<PromErrorType, number>> = { bad_data: 400, execution: 422, timeout: 503, internal: 500, unavailable: 503, unauthorized: 401, forbidden: 403, not_found: 404 };

export interface PromError {
  readonly status: number;
  readonly body: { status: 'error'; errorType: PromErrorType; error: string };
}

/** Any failure as Prometheus's error envelope and HTTP status. */
export function toPromError(error: unknown): PromError {
  const make = (errorType: PromErrorType, message: string): PromError => ({ status: STATUS[errorType], body: { status: 'error', errorType, error: message } });
  if (error instanceof PromqlError) return make(error.errorType, error.message);
  if (error instanceof Problem) return make(error.status === 401 ? 'unauthorized' : error.status === 403 ? 'forbidden' : error.status === 404 ? 'not_found' : 'bad_data', error.detail);
  if (error instanceof StoreUnavailableError) return make('unavailable', 'the store is not reachable right now; retry in a few seconds');
  if (error instanceof StoreQueryError && /TIMEOUT_EXCEEDED|Timeout exceeded/i.test(error.message)) return make('timeout', 'query timed out in query execution');
  return make('internal', 'the server failed to answer; the error is logged');
}

const seconds = (millis: number) => millis / 1000;

/** A QueryResult in Prometheus's JSON: values as strings, times as float seconds; `stats` as `stats=all` shows them. */
export function resultData(result: QueryResult): { resultType: string; result: unknown; stats?: unknown } {
  const data = resultBody(result);
  if (!result.stats) return data;
  const { preparationMillis, evaluationMillis, samplesLoaded, rollupSelectors } = result.stats;
  const timings = {
    evalTotalTime: seconds(preparationMillis + evaluationMillis),
    resultSortTime: 0,
    queryPreparationTime: seconds(preparationMillis),
    innerEvalTime: seconds(evaluationMillis),
    execQueueTime: 0,
    execTotalTime: seconds(preparationMillis + evaluationMillis),
  };
  // `vigil` is ours (Grafana ignores unknown fields): how many selectors rollup buckets served.
  return { ...data, stats: { timings, samples: { totalQueryableSamples: samplesLoaded, peakSamples: samplesLoaded }, vigil: { rollupSelectors } } };
}

function resultBody(result: QueryResult): { resultType: string; result: unknown } {
  switch (result.resultType) {
    case 'scalar':
      return { resultType: 'scalar', result: [seconds(result.timeMillis), formatFloat(result.value)] };
    case 'string':
      return { resultType: 'string', result: [seconds(result.timeMillis), result.value] };
    case 'vector':
      return { resultType: 'vector', result: result.samples.map((s) => ({ metric: s.labels, value: [seconds(result.timeMillis), formatFloat(s.value)] })) };
    case 'matrix':
      return { resultType: 'matrix', result: result.series.map((s) => ({ metric: s.labels, values: s.points.map(([t, v]) => [seconds(t), formatFloat(v)]) })) };
  }
}
