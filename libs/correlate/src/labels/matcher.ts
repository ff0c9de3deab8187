/**
 * Label matchers as Alertmanager 0.25 has them (`pkg/labels`): `=`, `!=`, `=~`, `!~`, regexes
 * anchored, a missing label matching as the empty string, the string form used in route keys,
 * the sort order used before building route keys, and the `matchers:` string parser.
 */
import type { LabelSet } from './fingerprint';
import { compareUtf8 } from './fingerprint';
import { compileAnchored } from './regex';

export type MatchType = '=' | '!=' | '=~' | '!~';

/** Order of Go's MatchType enum, used as the last sort key. */
const TYPE_ORDER: Record<MatchType, number> = { '=': 0, '!=': 1, '=~': 2, '!~': 3 };

/** A matcher as plain data (serialisable); compile it with `compileMatcher`. */
export interface MatcherSpec {
  readonly type: MatchType;
  readonly name: string;
  readonly value: string;
}

/** A compiled matcher. */
export interface Matcher extends MatcherSpec {
  matches(value: string): boolean;
}

export class MatcherParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MatcherParseError';
  }
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** True for a valid Prometheus label name. */
export function isValidLabelName(name: string): boolean {
  return LABEL_NAME.test(name);
}

/** Compiles a matcher; throws InvalidRegexError for a bad regex. */
export function compileMatcher(spec: MatcherSpec): Matcher {
  const { type, name, value } = spec;
  if (type === '=') return { type, name, value, matches: (v) => v === value };
  if (type === '!=') return { type, name, value, matches: (v) => v !== value };
  const re = compileAnchored(value);
  const positive = type === '=~';
  return { type, name, value, matches: (v) => re.test(v) === positive };
}

/** All matchers match the label set (a missing label is the empty string). */
export function matchesAll(matchers: readonly Matcher[], labels: LabelSet): boolean {
  for (const m of matchers) if (!m.matches(labels[m.name] ?? '')) return false;
  return true;
}

/** `labels.Matchers.Less`: by name, then value, then type. */
export function compareMatchers(a: MatcherSpec, b: MatcherSpec): number {
  return compareUtf8(a.name, b.name) || compareUtf8(a.value, b.value) || TYPE_ORDER[a.type] - TYPE_ORDER[b.type];
}

/** OpenMetrics escaping used by `Matcher.String()`. */
function openMetricsEscape(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** `Matcher.String()`: `name="value"` with the operator between. */
export function matcherString(m: MatcherSpec): string {
  return `${m.name}${m.type}"${openMetricsEscape(m.value)}"`;
}

/** `Matchers.String()`: `{a="1",b=~"x"}` (comma, no space). */
export function matchersString(ms: readonly MatcherSpec[]): string {
  return `{${ms.map(matcherString).join(',')}}`;
}

const MATCHER_RE = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(=~|=|!=|!~)\s*([\s\S]*?)\s*$/;

/**
 * `labels.ParseMatcher`: `name op value`, the value optionally double-quoted with OpenMetrics
 * escapes (`\"`, `\n`, `\\`); a stray backslash stays literal.
 */
export function parseMatcher(input: string): MatcherSpec {
  const m = MATCHER_RE.exec(input);
  if (!m) throw new MatcherParseError(`bad matcher format: ${input}`);
  let raw = m[3];
  let expectTrailingQuote = false;
  if (raw.startsWith('"')) {
    raw = raw.slice(1);
    expectTrailingQuote = true;
  }
  const chars = [...raw];
  let value = '';
  let escaped = false;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (escaped) {
      escaped = false;
      if (ch === 'n') value += '\n';
      else if (ch === '"' || ch === '\\') value += ch;
      else value += '\\' + ch;
      continue;
    }
    if (ch === '\\') {
      if (i < chars.length - 1) escaped = true;
      else value += '\\';
    } else if (ch === '"') {
      if (!expectTrailingQuote || i < chars.length - 1) {
        throw new MatcherParseError(`matcher value contains unescaped double quote: ${m[3]}`);
      }
      expectTrailingQuote = false;
    } else value += ch;
  }
  if (expectTrailingQuote) throw new MatcherParseError(`matcher value contains unescaped double quote: ${m[3]}`);
  const spec: MatcherSpec = { type: m[2] as MatchType, name: m[1], value };
  if (spec.type === '=~' || spec.type === '!~') compileAnchored(spec.value);
  return spec;
}

/**
 * `labels.ParseMatchers`: a comma-separated list, optionally in braces; commas inside
 * double quotes do not split.
 */
export function parseMatchers(input: string): MatcherSpec[] {
  let s = input;
  if (s.startsWith('{')) s = s.slice(1);
  if (s.endsWith('}')) s = s.slice(0, -1);
  const tokens: string[] = [];
  let token = '';
  let insideQuotes = false;
  let escaped = false;
  for (const ch of s) {
    if (ch === ',' && !insideQuotes) {
      tokens.push(token);
      token = '';
      continue;
    }
    if (ch === '"') {
      if (!escaped) insideQuotes = !insideQuotes;
      else escaped = false;
    } else if (ch === '\\') escaped = !escaped;
    else escaped = false;
    token += ch;
  }
  if (token.trim() !== '') tokens.push(token.trim());
  return tokens.map(parseMatcher);
}

/** A matcher in Alertmanager's API v2 JSON (silences, postable silences). */
export interface ApiMatcher {
  readonly name: string;
  readonly value: string;
  readonly isRegex: boolean;
  /** Absent means true, as in Alertmanager. */
  readonly isEqual?: boolean;
}

/** API v2 JSON matcher → MatcherSpec (throws InvalidRegexError for a bad regex). */
export function matcherFromApi(m: ApiMatcher): MatcherSpec {
  const equal = m.isEqual ?? true;
  const type: MatchType = m.isRegex ? (equal ? '=~' : '!~') : equal ? '=' : '!=';
  if (m.isRegex) compileAnchored(m.value);
  return { type, name: m.name, value: m.value };
}

/** MatcherSpec → API v2 JSON matcher. */
export function matcherToApi(m: MatcherSpec): ApiMatcher {
  return { name: m.name, value: m.value, isRegex: m.type === '=~' || m.type === '!~', isEqual: m.type === '=' || m.type === '=~' };
}
