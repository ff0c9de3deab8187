import type { AtModifier, Call, Expr, Labels, MatrixSelector, Subquery, VectorSelector } from './ast';
import { isSetOp } from './ast';
import { aggregate } from './aggregate';
import { scalarScalar, setOperation, vectorScalar, vectorVector } from './binary';
import { EvaluationError } from './errors';
import { histogramQuantile } from './histogram-quantile';
import { absentLabels, applyDate, applyMath, clamp, isDateFunction, isMathFunction, labelJoin, labelReplace, round, sortByValue } from './instant-functions';
import { labelsKey, withoutName } from './labels';
import { RANGE_FUNCTIONS, type RangeFunction } from './range-functions';
import type { LoadedSeries } from './sample-source';
import type { RangeSeries, RangeVector, Sample, Value } from './values';

export interface EvaluatorOptions {
  readonly lookbackMillis: number;
  readonly defaultSubqueryStepMillis: number;
  /** The query's start and end, for `@ start()` / `@ end()`. */
  readonly queryStartMillis: number;
  readonly queryEndMillis: number;
}

/** A selector's loaded series as the evaluator keeps them: typed columns, stale markers only when present. */
interface StoredSeries {
  readonly labels: Labels;
  readonly timesMillis: Float64Array;
  readonly values: Float64Array;
  /** Undefined when the series has no stale marker (the common case: windows are then zero-copy views). */
  readonly stale?: ArrayLike<number>;
}

const NO_POINTS: Float64Array = new Float64Array(0);

/** A window [begin, end) of a series with stale markers, copied without them (they are not samples); undefined when nothing is left. */
function withoutStale(loaded: StoredSeries, begin: number, end: number): RangeSeries | undefined {
  const timesMillis: number[] = [];
  const values: number[] = [];
  for (let i = begin; i < end; i++) {
    if (loaded.stale?.[i]) continue;
    timesMillis.push(loaded.timesMillis[i]);
    values.push(loaded.values[i]);
  }
  return values.length > 0 ? { labels: loaded.labels, timesMillis: Float64Array.from(timesMillis), values: Float64Array.from(values), begin: 0, end: values.length } : undefined;
}

function toStored(loaded: LoadedSeries): StoredSeries {
  const { stale } = loaded;
  let anyStale = false;
  if (stale) for (let i = 0; i < stale.length && !anyStale; i++) anyStale = stale[i] !== 0;
  return {
    labels: loaded.labels,
    timesMillis: loaded.timesMillis instanceof Float64Array ? loaded.timesMillis : Float64Array.from(loaded.timesMillis),
    values: loaded.values instanceof Float64Array ? loaded.values : Float64Array.from(loaded.values),
    stale: anyStale ? stale : undefined,
  };
}

/** Functions whose result keeps the metric name. */
const KEEPS_NAME = new Set(['last_over_time', 'sort', 'sort_desc', 'label_replace', 'label_join']);

/**
 * Evaluates an AST at one instant over series already loaded for each selector (pure, sync).
 * Range queries call `evaluate` once per step; subquery results are memoised per (node, time)
 * because consecutive steps share most of their inner steps.
 */
export class Evaluator {
  private readonly subqueryCache = new Map<Subquery, Map<number, readonly Sample[]>>();
  private readonly data = new Map<VectorSelector, readonly StoredSeries[]>();
  private readonly distinctCache = new Map<VectorSelector, { named?: boolean; nameless?: boolean }>();

  constructor(
    data: ReadonlyMap<VectorSelector, readonly LoadedSeries[]>,
    private readonly options: EvaluatorOptions,
  ) {
    for (const [selector, series] of data) this.data.set(selector, series.map(toStored));
  }

  evaluate(expr: Expr, timeMillis: number): Value {
    switch (expr.kind) {
      case 'number':
        return { type: 'scalar', value: expr.value };
      case 'string':
        return { type: 'string', value: expr.value };
      case 'paren':
        return this.evaluate(expr.expr, timeMillis);
      case 'vector':
        return { type: 'vector', samples: this.selectInstant(expr, timeMillis) };
      case 'matrix':
        return this.selectRange(expr, timeMillis);
      case 'subquery':
        return this.subquery(expr, timeMillis);
      case 'unary': {
        const value = this.evaluate(expr.expr, timeMillis);
        if (expr.op === '+') return value;
        if (value.type === 'scalar') return { type: 'scalar', value: -value.value };
        return { type: 'vector', samples: this.vector(value).map((s) => ({ labels: withoutName(s.labels), value: -s.value })) };
      }
      case 'aggregate': {
        const param = expr.param ? this.evaluate(expr.param, timeMillis) : undefined;
        const paramValue = param?.type === 'scalar' || param?.type === 'string' ? param.value : undefined;
        return { type: 'vector', samples: aggregate(expr, this.vector(this.evaluate(expr.expr, timeMillis)), paramValue) };
      }
      case 'binary':
        return this.binary(expr, timeMillis);
      case 'call':
        return this.call(expr, timeMillis);
    }
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>, timeMillis: number): Value {
    const lhs = this.evaluate(expr.lhs, timeMillis);
    const rhs = this.evaluate(expr.rhs, timeMillis);
    if (lhs.type === 'scalar' && rhs.type === 'scalar') return { type: 'scalar', value: scalarScalar(expr, lhs.value, rhs.value) };
    if (lhs.type === 'scalar') return { type: 'vector', samples: vectorScalar(expr, this.vector(rhs), lhs.value, true) };
    if (rhs.type === 'scalar') return { type: 'vector', samples: vectorScalar(expr, this.vector(lhs), rhs.value, false) };
    if (isSetOp(expr.op)) return { type: 'vector', samples: setOperation(expr, this.vector(lhs), this.vector(rhs)) };
    return { type: 'vector', samples: unique(vectorVector(expr, this.vector(lhs), this.vector(rhs))) };
  }

  private call(expr: Call, timeMillis: number): Value {
    const name = expr.func;
    const rangeFunction = RANGE_FUNCTIONS.get(name);
    if (rangeFunction) {
      const matrixArg = name === 'quantile_over_time' ? expr.args[1] : expr.args[0];
      const paramArg = name === 'quantile_over_time' ? expr.args[0] : expr.args[1];
      const param = paramArg ? this.scalar(paramArg, timeMillis) : NaN;
      if (matrixArg.kind === 'matrix') return { type: 'vector', samples: this.overSelector(rangeFunction, matrixArg, timeMillis, param, KEEPS_NAME.has(name)) };
      const range = this.evaluate(matrixArg, timeMillis) as RangeVector;
      const out: Sample[] = [];
      for (const series of range.series) {
        const value = rangeFunction({ series, rangeStartMillis: range.rangeStartMillis, rangeEndMillis: range.rangeEndMillis, evalMillis: timeMillis, param });
        if (value !== undefined) out.push({ labels: KEEPS_NAME.has(name) ? series.labels : withoutName(series.labels), value });
      }
      return { type: 'vector', samples: unique(out) };
    }
    if (isMathFunction(name)) return { type: 'vector', samples: unique(applyMath(name, this.vectorArg(expr, 0, timeMillis))) };
    if (isDateFunction(name)) {
      const samples = expr.args.length === 0 ? [{ labels: {}, value: timeMillis / 1000 }] : this.vectorArg(expr, 0, timeMillis);
      return { type: 'vector', samples: unique(applyDate(name, samples)) };
    }
    switch (name) {
      case 'time':
        return { type: 'scalar', value: timeMillis / 1000 };
      case 'pi':
        return { type: 'scalar', value: Math.PI };
      case 'vector':
        return { type: 'vector', samples: [{ labels: {}, value: this.scalar(expr.args[0], timeMillis) }] };
      case 'scalar': {
        const samples = this.vectorArg(expr, 0, timeMillis);
        return { type: 'scalar', value: samples.length === 1 ? samples[0].value : NaN };
      }
      case 'round':
        return { type: 'vector', samples: unique(round(this.vectorArg(expr, 0, timeMillis), expr.args[1] ? this.scalar(expr.args[1], timeMillis) : 1)) };
      case 'clamp':
        return { type: 'vector', samples: unique(clamp(this.vectorArg(expr, 0, timeMillis), this.scalar(expr.args[1], timeMillis), this.scalar(expr.args[2], timeMillis))) };
      case 'clamp_min':
        return { type: 'vector', samples: unique(clamp(this.vectorArg(expr, 0, timeMillis), this.scalar(expr.args[1], timeMillis), Infinity)) };
      case 'clamp_max':
        return { type: 'vector', samples: unique(clamp(this.vectorArg(expr, 0, timeMillis), -Infinity, this.scalar(expr.args[1], timeMillis))) };
      case 'timestamp': {
        const plainSelector = unwrapParens(expr.args[0]).kind === 'vector';
        const samples = this.vectorArg(expr, 0, timeMillis);
        return { type: 'vector', samples: unique(samples.map((s) => ({ labels: withoutName(s.labels), value: (plainSelector && s.timestampMillis !== undefined ? s.timestampMillis : timeMillis) / 1000 }))) };
      }
      case 'sort':
      case 'sort_desc':
        return { type: 'vector', samples: sortByValue(this.vectorArg(expr, 0, timeMillis), name === 'sort_desc') };
      case 'label_replace':
        return { type: 'vector', samples: unique(labelReplace(this.vectorArg(expr, 0, timeMillis), ...(expr.args.slice(1).map((arg) => this.string(arg)) as [string, string, string, string]))) };
      case 'label_join': {
        const [dst, separator, ...sources] = expr.args.slice(1).map((arg) => this.string(arg));
        return { type: 'vector', samples: unique(labelJoin(this.vectorArg(expr, 0, timeMillis), dst, separator, sources)) };
      }
      case 'absent': {
        if (this.vectorArg(expr, 0, timeMillis).length > 0) return { type: 'vector', samples: [] };
        const arg = unwrapParens(expr.args[0]);
        return { type: 'vector', samples: [{ labels: arg.kind === 'vector' ? absentLabels(arg.matchers) : {}, value: 1 }] };
      }
      case 'absent_over_time': {
        const range = this.evaluate(expr.args[0], timeMillis) as RangeVector;
        if (range.series.length > 0) return { type: 'vector', samples: [] };
        const arg = unwrapParens(expr.args[0]);
        return { type: 'vector', samples: [{ labels: arg.kind === 'matrix' ? absentLabels(arg.selector.matchers) : {}, value: 1 }] };
      }
      case 'histogram_quantile':
        return { type: 'vector', samples: unique(histogramQuantile(this.scalar(expr.args[0], timeMillis), this.vectorArg(expr, 1, timeMillis))) };
      default:
        throw new EvaluationError(`function ${name} has no evaluator`);
    }
  }

  private selectInstant(selector: VectorSelector, timeMillis: number): Sample[] {
    const refMillis = this.resolveAt(selector.at, timeMillis) - selector.offsetMillis;
    const out: Sample[] = [];
    for (const series of this.data.get(selector) ?? []) {
      const index = lastAtOrBefore(series.timesMillis, refMillis);
      if (index < 0) continue;
      const sampleMillis = series.timesMillis[index];
      // Prometheus 3: the lookback window is left-open, and a stale marker ends the series.
      if (sampleMillis <= refMillis - this.options.lookbackMillis || series.stale?.[index]) continue;
      out.push({ labels: series.labels, value: series.values[index], timestampMillis: sampleMillis });
    }
    return out;
  }

  private selectRange(matrix: MatrixSelector, timeMillis: number): RangeVector {
    const { selector, rangeMillis } = matrix;
    const rangeEndMillis = this.resolveAt(selector.at, timeMillis) - selector.offsetMillis;
    const rangeStartMillis = rangeEndMillis - rangeMillis;
    const series: RangeSeries[] = [];
    for (const loaded of this.data.get(selector) ?? []) {
      const end = lastAtOrBefore(loaded.timesMillis, rangeEndMillis) + 1;
      const begin = lastAtOrBefore(loaded.timesMillis, rangeStartMillis) + 1;
      if (end <= begin) continue;
      const window = loaded.stale ? withoutStale(loaded, begin, end) : { labels: loaded.labels, timesMillis: loaded.timesMillis, values: loaded.values, begin, end };
      if (window) series.push(window);
    }
    return { type: 'matrix', series, rangeStartMillis, rangeEndMillis };
  }

  /**
   * A range function straight over a selector's windows (the common `rate(x[5m])`): the same
   * as evaluating the matrix and mapping it, without a window object per series and step —
   * a range query makes series × steps of them, and their garbage dominated evaluation.
   */
  private overSelector(fn: RangeFunction, matrix: MatrixSelector, timeMillis: number, param: number, keepsName: boolean): Sample[] {
    const { selector, rangeMillis } = matrix;
    const rangeEndMillis = this.resolveAt(selector.at, timeMillis) - selector.offsetMillis;
    const rangeStartMillis = rangeEndMillis - rangeMillis;
    const window = { labels: {} as Labels, timesMillis: NO_POINTS, values: NO_POINTS, begin: 0, end: 0 };
    const input = { series: window as RangeSeries, rangeStartMillis, rangeEndMillis, evalMillis: timeMillis, param };
    const stored = this.data.get(selector) ?? [];
    const out: Sample[] = [];
    for (const loaded of stored) {
      const end = lastAtOrBefore(loaded.timesMillis, rangeEndMillis) + 1;
      const begin = lastAtOrBefore(loaded.timesMillis, rangeStartMillis) + 1;
      if (end <= begin) continue;
      let value: number | undefined;
      if (loaded.stale) {
        const series = withoutStale(loaded, begin, end);
        if (!series) continue;
        value = fn({ ...input, series });
      } else {
        window.labels = loaded.labels;
        window.timesMillis = loaded.timesMillis;
        window.values = loaded.values;
        window.begin = begin;
        window.end = end;
        value = fn(input);
      }
      if (value !== undefined) out.push({ labels: keepsName ? loaded.labels : withoutName(loaded.labels), value });
    }
    return this.distinctOutputLabels(selector, stored, keepsName) ? out : unique(out);
  }

  /** Whether the selector's series stay distinct once named (or not) as a range function's output: then no step can hold a duplicate. */
  private distinctOutputLabels(selector: VectorSelector, stored: readonly StoredSeries[], keepsName: boolean): boolean {
    const key = keepsName ? 'named' : 'nameless';
    let known = this.distinctCache.get(selector);
    if (!known) this.distinctCache.set(selector, (known = {}));
    known[key] ??= new Set(stored.map((s) => labelsKey(keepsName ? s.labels : withoutName(s.labels)))).size === stored.length;
    return known[key];
  }

  private subquery(node: Subquery, timeMillis: number): RangeVector {
    const rangeEndMillis = this.resolveAt(node.at, timeMillis) - node.offsetMillis;
    const rangeStartMillis = rangeEndMillis - node.rangeMillis;
    const stepMillis = node.stepMillis ?? this.options.defaultSubqueryStepMillis;
    // Inner steps are aligned to multiples of the step, and the window is left-open.
    let first = Math.floor(rangeStartMillis / stepMillis) * stepMillis;
    if (first <= rangeStartMillis) first += stepMillis;
    let cache = this.subqueryCache.get(node);
    if (!cache) this.subqueryCache.set(node, (cache = new Map()));
    const bySeries = new Map<string, { labels: Labels; timesMillis: number[]; values: number[] }>();
    for (let t = first; t <= rangeEndMillis; t += stepMillis) {
      let samples = cache.get(t);
      if (!samples) {
        const value = this.evaluate(node.expr, t);
        samples = this.vector(value);
        cache.set(t, samples);
      }
      for (const sample of samples) {
        const key = labelsKey(sample.labels);
        let series = bySeries.get(key);
        if (!series) bySeries.set(key, (series = { labels: sample.labels, timesMillis: [], values: [] }));
        series.timesMillis.push(t);
        series.values.push(sample.value);
      }
    }
    const series = [...bySeries.values()].map((s) => ({ labels: s.labels, timesMillis: Float64Array.from(s.timesMillis), values: Float64Array.from(s.values), begin: 0, end: s.values.length }));
    return { type: 'matrix', series, rangeStartMillis, rangeEndMillis };
  }

  private resolveAt(at: AtModifier | undefined, timeMillis: number): number {
    if (at === undefined) return timeMillis;
    if (at === 'start') return this.options.queryStartMillis;
    if (at === 'end') return this.options.queryEndMillis;
    return at;
  }

  private vectorArg(expr: Call, index: number, timeMillis: number): readonly Sample[] {
    return this.vector(this.evaluate(expr.args[index], timeMillis));
  }

  private vector(value: Value): readonly Sample[] {
    if (value.type !== 'vector') throw new EvaluationError(`expected an instant vector, got ${value.type}`);
    return value.samples;
  }

  private scalar(expr: Expr, timeMillis: number): number {
    const value = this.evaluate(expr, timeMillis);
    if (value.type !== 'scalar') throw new EvaluationError(`expected a scalar, got ${value.type}`);
    return value.value;
  }

  private string(expr: Expr): string {
    const value = this.evaluate(expr, 0);
    if (value.type !== 'string') throw new EvaluationError(`expected a string, got ${value.type}`);
    return value.value;
  }
}

function unwrapParens(expr: Expr): Expr {
  return expr.kind === 'paren' ? unwrapParens(expr.expr) : expr;
}

/** Index of the last time ≤ `millis` in an ascending array, or -1. */
function lastAtOrBefore(times: ArrayLike<number>, millis: number): number {
  let low = 0;
  let high = times.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (times[mid] <= millis) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}

/** Prometheus refuses a vector holding the same label set twice (e.g. after dropping names). */
export function unique(samples: Sample[]): Sample[] {
  if (samples.length < 2) return samples;
  const seen = new Set<string>();
  for (const sample of samples) {
    const key = labelsKey(sample.labels);
    if (seen.has(key)) throw new EvaluationError('vector cannot contain metrics with the same labelset');
    seen.add(key);
  }
  return samples;
}
