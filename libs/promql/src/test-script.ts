import type { Labels } from './ast';
import { METRIC_NAME } from './ast';
import { parseDurationMillis } from './duration';
import { ParseError } from './errors';
import { parseExpr } from './parser';

/** One value of series notation: a number, a gap (`_`) or a stale marker (`stale`). */
export type SeriesValue = number | 'gap' | 'stale';

export interface ExpectedSample {
  readonly labels: Labels;
  /** One value for instant evaluations; one per step (gaps allowed) for range evaluations. */
  readonly values: readonly SeriesValue[];
}

export type TestCommand =
  | { readonly kind: 'load'; readonly line: number; readonly intervalMillis: number; readonly series: readonly { labels: Labels; values: readonly SeriesValue[] }[] }
  | { readonly kind: 'clear'; readonly line: number }
  | {
      readonly kind: 'eval';
      readonly line: number;
      readonly mode: 'eval' | 'eval_fail' | 'eval_ordered';
      readonly expr: string;
      readonly range?: { startMillis: number; endMillis: number; stepMillis: number };
      readonly atMillis: number;
      /** A scalar answer (a bare number line), else the expected samples. */
      readonly scalar?: number;
      readonly samples: readonly ExpectedSample[];
      readonly failMessage?: string;
    };

export interface TestScript {
  readonly commands: readonly TestCommand[];
}

const EVAL_INSTANT = /^(eval|eval_fail|eval_ordered)\s+instant\s+at\s+(\S+)\s+(.+)$/;
const EVAL_RANGE = /^(eval|eval_fail|eval_ordered)\s+range\s+from\s+(\S+)\s+to\s+(\S+)\s+step\s+(\S+)\s+(.+)$/;

/**
 * Parses Prometheus's PromQL test-script format (promql/promqltest): `load <interval>` blocks
 * of series in expanding notation, `eval[_fail|_ordered] instant at <t> <expr>` and
 * `eval range from <t> to <t> step <d> <expr>` with expected results, and `clear`.
 */
export function parseTestScript(text: string): TestScript {
  const lines = text.split('\n');
  const commands: TestCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const lineNumber = i + 1;
    const body: string[] = [];
    while (i + 1 < lines.length && /^\s+\S/.test(lines[i + 1]) && !lines[i + 1].trim().startsWith('#')) body.push(lines[++i].trim());
    if (line === 'clear') {
      commands.push({ kind: 'clear', line: lineNumber });
      continue;
    }
    const load = /^load\s+(\S+)$/.exec(line);
    if (load) {
      const intervalMillis = duration(load[1], lineNumber);
      commands.push({ kind: 'load', line: lineNumber, intervalMillis, series: body.map((entry) => parseSeriesLine(entry, lineNumber)) });
      continue;
    }
    const instant = EVAL_INSTANT.exec(line);
    const range = EVAL_RANGE.exec(line);
    if (!instant && !range) throw new ParseError(`line ${lineNumber}: cannot read ${JSON.stringify(line)}`);
    const mode = (instant ?? range)![1] as 'eval' | 'eval_fail' | 'eval_ordered';
    const expr = instant ? instant[3] : range![5];
    const rangeSpec = range ? { startMillis: duration(range[2], lineNumber), endMillis: duration(range[3], lineNumber), stepMillis: duration(range[4], lineNumber) } : undefined;
    let scalar: number | undefined;
    let failMessage: string | undefined;
    const samples: ExpectedSample[] = [];
    for (const entry of body) {
      const fail = /^expected_fail_(message|regexp)\s+(.*)$/.exec(entry);
      if (fail) failMessage = fail[2];
      else if (/^[-+]?([0-9.]|Inf|NaN)/i.test(entry) && !entry.includes('{')) scalar = parseNumber(entry, lineNumber);
      else samples.push(parseSeriesLine(entry, lineNumber));
    }
    commands.push({ kind: 'eval', line: lineNumber, mode, expr, range: rangeSpec, atMillis: instant ? duration(instant[2], lineNumber) : 0, scalar, samples, failMessage });
  }
  return { commands };
}

function parseSeriesLine(entry: string, lineNumber: number): { labels: Labels; values: SeriesValue[] } {
  const braceEnd = entry.lastIndexOf('}');
  const split = braceEnd >= 0 ? braceEnd + 1 : entry.search(/\s/);
  const selectorText = split < 0 ? entry : entry.slice(0, split);
  const valuesText = split < 0 ? '' : entry.slice(split).trim();
  return { labels: parseLabels(selectorText, lineNumber), values: parseSeriesValues(valuesText) };
}

/** A series' labels written as a selector: `name{a="b"}` or `{__name__="x", a="b"}`. */
function parseLabels(text: string, lineNumber: number): Labels {
  const expr = parseExpr(text.startsWith('{') && text === '{}' ? '{__name__=~".+"}' : text);
  if (expr.kind !== 'vector') throw new ParseError(`line ${lineNumber}: expected a series, got ${text}`);
  if (text === '{}') return {};
  const labels: Record<string, string> = {};
  for (const matcher of expr.matchers) {
    if (matcher.op !== '=') throw new ParseError(`line ${lineNumber}: series labels must use "=": ${text}`);
    labels[matcher.name] = matcher.value;
  }
  if (labels[METRIC_NAME] === undefined) delete labels[METRIC_NAME];
  return labels;
}

/**
 * Expanding series notation: `1 2 _ stale`, `a+bxN` (N+1 values from a in steps of b),
 * `a-bxN`, `axN` (a repeated N+1 times), `_xN` (N gaps).
 */
export function parseSeriesValues(text: string): SeriesValue[] {
  const out: SeriesValue[] = [];
  for (const token of text.split(/\s+/).filter(Boolean)) {
    if (token === '_') out.push('gap');
    else if (token === 'stale') out.push('stale');
    else {
      const repeat = /^(_|[-+]?[^x+-]+?(?:e[-+]?\d+)?)(?:([-+])([^x]+))?x(\d+)$/i.exec(token);
      if (!repeat) {
        out.push(parseNumber(token, 0));
        continue;
      }
      const times = Number(repeat[4]);
      if (repeat[1] === '_') {
        for (let i = 0; i < times; i++) out.push('gap');
        continue;
      }
      const start = parseNumber(repeat[1], 0);
      const step = repeat[2] ? parseNumber(repeat[3], 0) * (repeat[2] === '-' ? -1 : 1) : 0;
      for (let i = 0; i <= times; i++) out.push(start + step * i);
    }
  }
  return out;
}

function parseNumber(text: string, lineNumber: number): number {
  const lower = text.trim().toLowerCase();
  if (lower === 'inf' || lower === '+inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  if (lower === 'nan') return NaN;
  const value = Number(lower);
  if (Number.isNaN(value)) throw new ParseError(`line ${lineNumber}: not a number: ${text}`);
  return value;
}

function duration(text: string, lineNumber: number): number {
  const millis = parseDurationMillis(text);
  if (millis === undefined) throw new ParseError(`line ${lineNumber}: invalid duration ${text}`);
  return millis;
}
