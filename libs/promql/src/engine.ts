import type { AtModifier, Expr, Labels, VectorSelector } from './ast';
import { EvaluationError, ParseError, QueryLimitError, QueryTimeoutError } from './errors';
import { Evaluator } from './evaluator';
import { compareLabels, labelsKey } from './labels';
import { parseExpr } from './parser';
import { type EvaluationTimes, rollupHints } from './rollup-hints';
import type { LoadedSeries, SampleSource } from './sample-source';
import { typeOf } from './type-check';
import type { Sample, Value } from './values';

export interface EngineOptions {
  /** How far back an instant selector looks for a sample (Prometheus: 5 minutes). */
  readonly lookbackMillis: number;
  /** Subquery step when the query gives none (Prometheus: the evaluation interval, 1 minute). */
  readonly defaultSubqueryStepMillis: number;
  /** Most samples one query may load from the source. */
  readonly maxSamples: number;
}

/** Per-query limits from the caller: a deadline on the caller's clock (the library reads no clock itself). */
export interface QueryBudget {
  readonly now: () => number;
  readonly timeoutMillis: number;
  /** A monotonic high-resolution clock in milliseconds; when given, results carry `stats` (Prometheus's `stats=all`). */
  readonly stopwatch?: () => number;
}

/** Where a query's time went, as Prometheus reports it with `stats=all`. */
export interface QueryStats {
  /** Planning and reading every selector's samples from the source. */
  readonly preparationMillis: number;
  /** Evaluating the expression over the loaded samples (all steps). */
  readonly evaluationMillis: number;
  /** Samples the source returned (rollup buckets count one each). */
  readonly samplesLoaded: number;
  /** Selectors the source answered from rollup buckets instead of raw samples. */
  readonly rollupSelectors: number;
}

/** Steps evaluated between two yields to the event loop, so a long range query never starves other requests. */
const STEPS_PER_SLICE = 32;

export const DEFAULT_ENGINE_OPTIONS: EngineOptions = { lookbackMillis: 300_000, defaultSubqueryStepMillis: 60_000, maxSamples: 50_000_000 };

export interface MatrixSeries {
  readonly labels: Labels;
  readonly points: readonly (readonly [number, number])[];
}

/** A query's answer in Prometheus's result types (times in milliseconds). */
export type QueryResult = (
  | { readonly resultType: 'scalar'; readonly timeMillis: number; readonly value: number }
  | { readonly resultType: 'string'; readonly timeMillis: number; readonly value: string }
  | { readonly resultType: 'vector'; readonly timeMillis: number; readonly samples: readonly Sample[] }
  | { readonly resultType: 'matrix'; readonly series: readonly MatrixSeries[] }
) & { readonly stats?: QueryStats };

/**
 * PromQL with Prometheus 3 semantics over any SampleSource. A query runs in two phases: plan
 * (parse, find every selector and the time window it reads, fetch them once), then evaluate
 * synchronously step by step over the fetched samples.
 */
export class PromqlEngine {
  constructor(private readonly options: EngineOptions = DEFAULT_ENGINE_OPTIONS) {}

  async instantQuery(source: SampleSource, query: string, timeMillis: number, budget?: QueryBudget): Promise<QueryResult> {
    const deadline = budget ? budget.now() + budget.timeoutMillis : Infinity;
    const watch = stageWatch(budget);
    const expr = parseExpr(query);
    const { evaluator, loaded } = await this.prepare(source, expr, { startMillis: timeMillis, endMillis: timeMillis, stepMillis: 0 });
    if (budget && budget.now() > deadline) throw new QueryTimeoutError(budget.timeoutMillis);
    const preparedAt = watch.lap();
    const value = evaluator.evaluate(expr, timeMillis);
    const result = instantResult(value, timeMillis);
    return watch.attach(result, preparedAt, loaded);
  }

  async rangeQuery(source: SampleSource, query: string, startMillis: number, endMillis: number, stepMillis: number, budget?: QueryBudget): Promise<QueryResult> {
    const deadline = budget ? budget.now() + budget.timeoutMillis : Infinity;
    if (stepMillis <= 0) throw new ParseError('zero or negative query resolution step widths are not accepted. Try a positive integer');
    if (endMillis < startMillis) throw new ParseError('end timestamp must not be before start time');
    const watch = stageWatch(budget);
    const expr = parseExpr(query);
    const type = typeOf(expr);
    if (type !== 'scalar' && type !== 'vector') throw new ParseError(`invalid expression type "${type === 'matrix' ? 'range vector' : type}" for range query, must be Scalar or instant Vector`);
    const { evaluator, loaded } = await this.prepare(source, expr, { startMillis, endMillis, stepMillis });
    const preparedAt = watch.lap();
    const bySeries = new Map<string, { labels: Labels; points: [number, number][] }>();
    let stepsInSlice = 0;
    for (let t = startMillis; t <= endMillis; t += stepMillis) {
      if (++stepsInSlice === STEPS_PER_SLICE) {
        stepsInSlice = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (budget && budget.now() > deadline) throw new QueryTimeoutError(budget.timeoutMillis);
      }
      const value = evaluator.evaluate(expr, t);
      const samples = value.type === 'scalar' ? [{ labels: {}, value: value.value }] : value.type === 'vector' ? value.samples : [];
      for (const sample of samples) {
        const key = labelsKey(sample.labels);
        let series = bySeries.get(key);
        if (!series) bySeries.set(key, (series = { labels: sample.labels, points: [] }));
        if (series.points.length > 0 && series.points[series.points.length - 1][0] === t) throw new EvaluationError('vector cannot contain metrics with the same labelset');
        series.points.push([t, sample.value]);
      }
    }
    return watch.attach({ resultType: 'matrix', series: [...bySeries.values()].sort((a, b) => compareLabels(a.labels, b.labels)) }, preparedAt, loaded);
  }

  private async prepare(source: SampleSource, expr: Expr, times: EvaluationTimes): Promise<{ evaluator: Evaluator; loaded: LoadCounts }> {
    const { startMillis, endMillis } = times;
    const windows = new Map<VectorSelector, [number, number]>();
    collectWindows(expr, startMillis, endMillis, { ...this.options, queryStartMillis: startMillis, queryEndMillis: endMillis }, windows);
    const hints = rollupHints(expr, times);
    const data = new Map<VectorSelector, readonly LoadedSeries[]>();
    let budget = this.options.maxSamples;
    let rollupSelectors = 0;
    for (const [selector, [from, to]] of windows) {
      const series = await source.select({ matchers: selector.matchers, startMillis: from, endMillis: to, maxSamples: budget, rollup: hints.get(selector) });
      for (const s of series) budget -= s.values.length;
      if (budget < 0) throw new QueryLimitError(this.options.maxSamples);
      if (series.some((s) => s.bucketMillis !== undefined)) rollupSelectors++;
      data.set(selector, series);
    }
    const evaluator = new Evaluator(data, { ...this.options, queryStartMillis: startMillis, queryEndMillis: endMillis });
    return { evaluator, loaded: { samples: this.options.maxSamples - budget, rollupSelectors } };
  }
}

function instantResult(value: Value, timeMillis: number): QueryResult {
  switch (value.type) {
    case 'scalar':
    case 'string':
      return { resultType: value.type, timeMillis, value: value.value } as QueryResult;
    case 'vector':
      return { resultType: 'vector', timeMillis, samples: value.samples };
    case 'matrix':
      return {
        resultType: 'matrix',
        series: value.series.map((s) => ({ labels: s.labels, points: Array.from(s.timesMillis.subarray(s.begin, s.end), (t, i) => [t, s.values[s.begin + i]] as const) })).sort((a, b) => compareLabels(a.labels, b.labels)),
      };
  }
}

interface LoadCounts {
  readonly samples: number;
  readonly rollupSelectors: number;
}

/** Times the two stages when the caller gave a stopwatch; otherwise attaches nothing. */
function stageWatch(budget: QueryBudget | undefined) {
  const stopwatch = budget?.stopwatch;
  const startedAt = stopwatch?.() ?? 0;
  return {
    lap: () => stopwatch?.() ?? 0,
    attach: (result: QueryResult, preparedAt: number, loaded: LoadCounts): QueryResult =>
      stopwatch
        ? { ...result, stats: { preparationMillis: preparedAt - startedAt, evaluationMillis: stopwatch() - preparedAt, samplesLoaded: loaded.samples, rollupSelectors: loaded.rollupSelectors } }
        : result,
  };
}

interface WindowContext {
  readonly lookbackMillis: number;
  readonly defaultSubqueryStepMillis: number;
  readonly queryStartMillis: number;
  readonly queryEndMillis: number;
}

/** Which samples each selector needs for evaluation times [start, end] (Prometheus's FindMinMaxTime). */
function collectWindows(expr: Expr, startMillis: number, endMillis: number, context: WindowContext, out: Map<VectorSelector, [number, number]>): void {
  const resolve = (at: AtModifier | undefined, t: number) => (at === undefined ? t : at === 'start' ? context.queryStartMillis : at === 'end' ? context.queryEndMillis : at);
  const add = (selector: VectorSelector, backMillis: number) => {
    const from = Math.min(resolve(selector.at, startMillis), resolve(selector.at, endMillis)) - selector.offsetMillis - backMillis;
    const to = Math.max(resolve(selector.at, startMillis), resolve(selector.at, endMillis)) - selector.offsetMillis;
    const previous = out.get(selector);
    out.set(selector, previous ? [Math.min(previous[0], from), Math.max(previous[1], to)] : [from, to]);
  };
  switch (expr.kind) {
    case 'vector':
      return add(expr, context.lookbackMillis);
    case 'matrix':
      return add(expr.selector, expr.rangeMillis);
    case 'subquery': {
      const from = resolve(expr.at, startMillis) - expr.offsetMillis - expr.rangeMillis;
      const to = resolve(expr.at, endMillis) - expr.offsetMillis;
      return collectWindows(expr.expr, from, to, context, out);
    }
    case 'paren':
    case 'unary':
      return collectWindows(expr.expr, startMillis, endMillis, context, out);
    case 'aggregate':
      if (expr.param) collectWindows(expr.param, startMillis, endMillis, context, out);
      return collectWindows(expr.expr, startMillis, endMillis, context, out);
    case 'binary':
      collectWindows(expr.lhs, startMillis, endMillis, context, out);
      return collectWindows(expr.rhs, startMillis, endMillis, context, out);
    case 'call':
      for (const arg of expr.args) collectWindows(arg, startMillis, endMillis, context, out);
      return;
    case 'number':
    case 'string':
      return;
  }
}
