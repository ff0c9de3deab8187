/**
 * Series selectors of the capacity config and of `vigil forecast`: PromQL's instant-vector
 * selector syntax, widened to OpenTelemetry's dotted names (`system.filesystem.usage`,
 * `{system.filesystem.state="used"}`), as Prometheus 3 accepts them quoted. Forms:
 *
 *     system.filesystem.usage{mountpoint="/data"}      name and matchers
 *     {mountpoint=~"/data|/var"}                        matchers only (the resource names the metric)
 *     {"system.filesystem.usage", device="sda1"}        quoted name inside the braces
 *
 * Matchers `=`, `!=`, `=~`, `!~`; regexes fully anchored; a missing label equals "".
 */

export type MatchOperator = '=' | '!=' | '=~' | '!~';

export interface SeriesSelector {
  /** Metric name, or undefined when the selector only has label matchers. */
  readonly metric?: string;
  readonly matchers: readonly { readonly label: string; readonly op: MatchOperator; readonly value: string }[];
  /** Canonical text, for messages. */
  readonly text: string;
}

export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

const NAME = /[a-zA-Z_:][a-zA-Z0-9_:.]*/y;
const OPERATOR = /=~|!~|!=|=/y;

/** Parses a selector; throws SelectorError saying where it is malformed. */
export function parseSeriesSelector(text: string): SeriesSelector {
  let position = 0;
  const fail = (what: string): never => {
    throw new SelectorError(`${what} at column ${position + 1} of ${JSON.stringify(text)}`);
  };
  const skipSpace = () => {
    while (position < text.length && /\s/.test(text[position])) position += 1;
  };
  const take = (pattern: RegExp): string | undefined => {
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (!match) return undefined;
    position += match[0].length;
    return match[0];
  };
  const readString = (): string => {
    if (text[position] !== '"') fail('expected a double-quoted value');
    position += 1;
    let value = '';
    while (position < text.length && text[position] !== '"') {
      if (text[position] === '\\') {
        const next = text[position + 1];
        value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
        position += 2;
      } else value += text[position++];
    }
    if (text[position] !== '"') fail('unterminated string');
    position += 1;
    return value;
  };

  skipSpace();
  let metric = take(NAME);
  const matchers: { label: string; op: MatchOperator; value: string }[] = [];
  skipSpace();
  if (text[position] === '{') {
    position += 1;
    for (;;) {
      skipSpace();
      if (text[position] === '}') break;
      if (text[position] === '"') {
        const quoted = readString();
        skipSpace();
        if (text[position] === ',' || text[position] === '}') {
          if (metric !== undefined) fail('a selector names one metric');
          metric = quoted;
        } else {
          addMatcher(quoted);
        }
      } else {
        addMatcher(take(NAME) ?? fail('expected a label name'));
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
  if (metric === undefined && matchers.length === 0) fail('a selector needs a metric name or a matcher');
  if (metric === '') fail('empty metric name');
  return { metric, matchers, text: formatSelector(metric, matchers) };

  function addMatcher(label: string): void {
    skipSpace();
    const op = (take(OPERATOR) ?? fail('expected =, !=, =~ or !~')) as MatchOperator;
    skipSpace();
    const value = readString();
    if (op === '=~' || op === '!~') {
      try {
        new RegExp(`^(?:${value})$`, 's');
      } catch (error) {
        fail(`invalid regex ${JSON.stringify(value)} (${(error as Error).message})`);
      }
    }
    if (label === '__name__') {
      if (op !== '=' || metric !== undefined) fail('__name__ must be a single = matcher and the only metric name');
      metric = value;
    } else matchers.push({ label, op, value });
  }
}

function formatSelector(metric: string | undefined, matchers: SeriesSelector['matchers']): string {
  const parts = matchers.map(({ label, op, value }) => `${label}${op}${JSON.stringify(value)}`);
  if (parts.length === 0) return metric ?? '{}';
  return `${metric ?? ''}{${parts.join(',')}}`;
}

/** A compiled selector: whether a series (name + labels) matches. */
export class SeriesMatcher {
  private readonly tests: ReadonlyArray<(labels: Readonly<Record<string, string>>) => boolean>;

  constructor(readonly selector: SeriesSelector) {
    this.tests = selector.matchers.map(({ label, op, value }) => {
      if (op === '=') return (labels) => (labels[label] ?? '') === value;
      if (op === '!=') return (labels) => (labels[label] ?? '') !== value;
      const regex = new RegExp(`^(?:${value})$`, 's');
      return op === '=~' ? (labels) => regex.test(labels[label] ?? '') : (labels) => !regex.test(labels[label] ?? '');
    });
  }

  /** Whether the labels match (the metric name is checked by the caller, which may have several). */
  matchesLabels(labels: Readonly<Record<string, string>>): boolean {
    for (const test of this.tests) if (!test(labels)) return false;
    return true;
  }

  matches(metric: string, labels: Readonly<Record<string, string>>): boolean {
    return (this.selector.metric === undefined || this.selector.metric === metric) && this.matchesLabels(labels);
  }
}
