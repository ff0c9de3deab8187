/**
 * Series selectors: PromQL's instant-vector selector syntax, so a selector can be pasted into
 * Grafana or a Prometheus rule unchanged:
 *
 *     http_server_requests_total{service="checkout",status=~"5.."}
 *
 * - an optional metric name, then optional `{...}` with comma-separated matchers (at least one
 *   of the two); the name may also be given as `{__name__="..."}`;
 * - matchers `=`, `!=`, `=~`, `!~`; values are double-quoted strings with `\"`, `\\`, `\n` escapes;
 * - regexes are RE2 as in Prometheus, fully anchored, `.` matching newlines (`5..` matches `503`,
 *   not `1503`);
 * - a label that a series lacks has the value "" (so `{env!="prod"}` matches series without env).
 *
 * OpenTelemetry's dotted names (`system.filesystem.usage`, `service.name`) may be written bare,
 * a widening of PromQL for config files, or quoted as Prometheus 3 writes them: the metric name
 * as a bare string inside the braces, a label name as a string before its operator:
 *
 *     {"vigil.span.errors", "service.name"="checkout", "span.kind"="server"}
 */
import { InvalidRegexError, compileAnchored } from './regex';

export type MatchOperator = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  readonly label: string;
  readonly op: MatchOperator;
  readonly value: string;
}

export interface SeriesSelector {
  /** The metric name, or undefined when the selector has label matchers only. */
  readonly metric?: string;
  /** Matchers on labels other than `__name__`, in source order. */
  readonly matchers: readonly LabelMatcher[];
}

/** Labels of one series, without the metric name. */
export type SeriesLabels = Readonly<Record<string, string>>;

export class SelectorSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based column of the text where reading stopped. */
    readonly column: number,
  ) {
    super(message);
    this.name = 'SelectorSyntaxError';
  }
}

const METRIC_NAME = /[a-zA-Z_:][a-zA-Z0-9_:.]*/y;
const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_.]*/y;
const OPERATOR = /=~|!~|!=|=/y;
const PROMETHEUS_REGEX = { dotAll: true } as const;

/** Parses a selector; throws SelectorSyntaxError saying where and what was expected. */
export function parseSeriesSelector(text: string): SeriesSelector {
  let position = 0;
  const fail = (what: string): never => {
    throw new SelectorSyntaxError(`${what} at column ${position + 1} of ${JSON.stringify(text)}`, position + 1);
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
  const readString = (): string => {
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
  };

  skipSpace();
  let metric = take(METRIC_NAME);
  const matchers: LabelMatcher[] = [];
  const addMatcher = (label: string): void => {
    skipSpace();
    const op = (take(OPERATOR) ?? fail('expected =, !=, =~ or !~')) as MatchOperator;
    skipSpace();
    const value = readString();
    if (op === '=~' || op === '!~') {
      try {
        compileAnchored(value, PROMETHEUS_REGEX);
      } catch (error) {
        if (!(error instanceof InvalidRegexError)) throw error;
        fail(error.message);
      }
    }
    if (label !== '__name__') {
      matchers.push({ label, op, value });
      return;
    }
    if (op !== '=' || metric !== undefined) fail('__name__ must be a single = matcher and the only metric name');
    metric = value;
  };

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
          // A bare quoted string is the metric name (Prometheus 3).
          if (metric !== undefined) fail('a selector names one metric at most');
          metric = quoted;
        } else addMatcher(quoted);
      } else addMatcher(take(LABEL_NAME) ?? fail('expected a label name'));
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
  if (metric === '') fail('empty metric name');
  if (metric === undefined && matchers.length === 0) fail('a selector needs a metric name, a label matcher or both');
  return metric === undefined ? { matchers } : { metric, matchers };
}

/** A compiled selector: decides quickly whether a series (name + labels) matches. */
export class SeriesMatcher {
  private readonly tests: ReadonlyArray<(labels: SeriesLabels) => boolean>;

  constructor(readonly selector: SeriesSelector) {
    this.tests = selector.matchers.map(({ label, op, value }) => {
      if (op === '=') return (labels) => (labels[label] ?? '') === value;
      if (op === '!=') return (labels) => (labels[label] ?? '') !== value;
      const regex = compileAnchored(value, PROMETHEUS_REGEX);
      return op === '=~' ? (labels) => regex.test(labels[label] ?? '') : (labels) => !regex.test(labels[label] ?? '');
    });
  }

  /** Whether the labels match; the metric name is the caller's to check (it may have several). */
  matchesLabels(labels: SeriesLabels): boolean {
    for (const test of this.tests) if (!test(labels)) return false;
    return true;
  }

  /** Whether a series matches: its name (when the selector names one) and its labels. */
  matches(metric: string, labels: SeriesLabels): boolean {
    return (this.selector.metric === undefined || this.selector.metric === metric) && this.matchesLabels(labels);
  }
}

const CLASSIC_METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const CLASSIC_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Prints a selector in canonical PromQL form (for rules export and messages); names outside
 * the classic character set are quoted, Prometheus 3 style, so the text is valid PromQL.
 */
export function formatSelector(selector: SeriesSelector): string {
  const { metric } = selector;
  const parts = selector.matchers.map(
    ({ label, op, value }) => `${CLASSIC_LABEL_NAME.test(label) ? label : JSON.stringify(label)}${op}${JSON.stringify(value)}`,
  );
  if (metric === undefined) return `{${parts.join(',')}}`;
  if (CLASSIC_METRIC_NAME.test(metric)) return parts.length === 0 ? metric : `${metric}{${parts.join(',')}}`;
  return `{${[JSON.stringify(metric), ...parts].join(',')}}`;
}
