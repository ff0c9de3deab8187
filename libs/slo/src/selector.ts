/**
 * Metric selectors: how an SLI names the Vigil series it counts. The syntax is PromQL's instant
 * vector selector, so a selector can be pasted into Grafana or a Prometheus rule unchanged:
 *
 *     http_server_requests_total{service="checkout",status=~"5.."}
 *
 * - a metric name, then optional `{...}` with comma-separated matchers;
 * - matchers `=`, `!=`, `=~`, `!~`; values are double-quoted strings with `\"`, `\\`, `\n` escapes;
 * - regexes are RE2-style as in Prometheus and fully anchored (`5..` matches `503`, not `1503`);
 * - a label that a series lacks has the value "" (so `{env!="prod"}` matches series without env).
 * The name may also be given as `{__name__="..."}`; a selector must name exactly one metric.
 *
 * Names outside PromQL's classic character set — OpenTelemetry's dotted `vigil.span.calls`,
 * `service.name` — are written quoted, as Prometheus 3 accepts them: the metric name as a
 * bare string inside the braces, a label name as a string before its operator:
 *
 *     {"vigil.span.errors", "service.name"="checkout", "span.kind"="server"}
 */
export type MatchOperator = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly label: string;
  readonly op: MatchOperator;
  readonly value: string;
}

export interface MetricSelector {
  /** The metric name every matching series has. */
  readonly metric: string;
  /** Matchers on labels other than `__name__`, in source order. */
  readonly matchers: readonly LabelMatcher[];
}

/** Labels of one series, without the metric name. */
export type SeriesLabels = Readonly<Record<string, string>>;

export class SelectorSyntaxError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
    this.name = 'SelectorSyntaxError';
  }
}

const NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const OPERATOR = /=~|!~|!=|=/y;

/** Parses a selector; throws SelectorSyntaxError (with a 1-based column) when it is malformed. */
export function parseSelector(text: string): MetricSelector {
  let position = 0;
  const fail = (what: string): never => {
    throw new SelectorSyntaxError(
      `${what} at column ${position + 1} of ${JSON.stringify(text)}`,
      position + 1,
    );
  };
  const skipSpace = (): void => {
    while (position < text.length && /\s/.test(text[position])) position += 1;
  };
  const take = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (!match) return undefined;
    position += match[0].length;
    return match[0];
  };

  skipSpace();
  let metric = take(NAME);
  const matchers: LabelMatcher[] = [];
  skipSpace();
  if (text[position] === '{') {
    position += 1;
    for (;;) {
      skipSpace();
      if (text[position] === '}') break;
      let label: string;
      if (text[position] === '"') {
        const quoted = readString();
        skipSpace();
        if (text[position] === ',' || text[position] === '}') {
          // A bare quoted string is the metric name (Prometheus 3).
          if (metric !== undefined) fail('a selector must name exactly one metric');
          metric = quoted;
          if (text[position] === ',') position += 1;
          continue;
        }
        label = quoted;
      } else {
        label = take(LABEL) ?? fail('expected a label name');
      }
      skipSpace();
      const op = (take(OPERATOR) ?? fail('expected =, !=, =~ or !~')) as MatchOperator;
      skipSpace();
      const value = readString();
      if (op === '=~' || op === '!~') compileAnchored(value, fail);
      if (label === '__name__') {
        if (op !== '=' || metric !== undefined)
          fail('__name__ must be a single = matcher and the only metric name');
        metric = value;
      } else {
        matchers.push({ label, op, value });
      }
      skipSpace();
      if (text[position] === ',') {
        position += 1;
        continue;
      }
      if (text[position] !== '}') fail('expected , or }');
      break;
    }
    position += 1;
  }
  skipSpace();
  if (position < text.length) fail('unexpected text');
  if (!metric) fail('a selector must name a metric');
  return { metric: metric as string, matchers };

  function readString(): string {
    if (text[position] !== '"') fail('expected a double-quoted value');
    position += 1;
    let value = '';
    while (position < text.length && text[position] !== '"') {
      if (text[position] === '\\') {
        const next = text[position + 1];
        value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
        position += 2;
      } else {
        value += text[position];
        position += 1;
      }
    }
    if (text[position] !== '"') fail('unterminated string');
    position += 1;
    return value;
  }
}

function compileAnchored(pattern: string, fail: (what: string) => never): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, 's');
  } catch (error) {
    return fail(`invalid regex ${JSON.stringify(pattern)} (${(error as Error).message})`);
  }
}

/** A compiled selector: decides quickly whether a series (name + labels) matches. */
export class SelectorMatcher {
  private readonly tests: ReadonlyArray<(labels: SeriesLabels) => boolean>;

  constructor(readonly selector: MetricSelector) {
    this.tests = selector.matchers.map(({ label, op, value }) => {
      if (op === '=') return (labels) => (labels[label] ?? '') === value;
      if (op === '!=') return (labels) => (labels[label] ?? '') !== value;
      const regex = new RegExp(`^(?:${value})$`, 's');
      return op === '=~'
        ? (labels) => regex.test(labels[label] ?? '')
        : (labels) => !regex.test(labels[label] ?? '');
    });
  }

  matches(metric: string, labels: SeriesLabels): boolean {
    if (metric !== this.selector.metric) return false;
    for (const test of this.tests) if (!test(labels)) return false;
    return true;
  }
}

const CLASSIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const CLASSIC_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Prints a selector back in canonical PromQL form (for rules export and messages); names
 * outside the classic character set are quoted, Prometheus 3 style.
 */
export function formatSelector(selector: MetricSelector): string {
  const parts = selector.matchers.map(({ label, op, value }) => `${CLASSIC_LABEL.test(label) ? label : JSON.stringify(label)}${op}${JSON.stringify(value)}`);
  if (CLASSIC_NAME.test(selector.metric)) return parts.length === 0 ? selector.metric : `${selector.metric}{${parts.join(',')}}`;
  return `{${[JSON.stringify(selector.metric), ...parts].join(',')}}`;
}

/** The selector with extra matchers appended (e.g. `le="0.3"` on a histogram's `_bucket`). */
export function withMetric(
  selector: MetricSelector,
  metric: string,
  extra: readonly LabelMatcher[] = [],
): MetricSelector {
  return { metric, matchers: [...selector.matchers, ...extra] };
}
