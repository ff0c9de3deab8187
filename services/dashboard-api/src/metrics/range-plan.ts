/**
 * How a range query is answered: which table (raw samples or a rollup) and what SQL aggregate.
 * Pure: the repository turns a plan into SQL.
 */
export const AGGREGATIONS = ['avg', 'min', 'max', 'sum', 'count', 'last', 'p50', 'p95', 'p99'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
export const FUNCTIONS = ['none', 'rate', 'increase'] as const;
export type RangeFunction = (typeof FUNCTIONS)[number];
export type Resolution = 'raw' | '1m' | '1h';

const QUANTILE: Partial<Record<Aggregation, number>> = { p50: 0.5, p95: 0.95, p99: 0.99 };

/**
 * The coarsest table whose buckets divide the step and the window start: a 1-hour step reads the
 * 1 h rollup (24 rows per series per day), a 1-minute step the 1 m rollup, a 15 s step the raw
 * samples. A window starting mid-bucket would mix in data from before it, so it falls back.
 */
export function chooseResolution(stepSeconds: number, fromMillis: number): Resolution {
  if (stepSeconds % 3600 === 0 && fromMillis % 3_600_000 === 0) return '1h';
  if (stepSeconds % 60 === 0 && fromMillis % 60_000 === 0) return '1m';
  return 'raw';
}

/** The SQL aggregate of `aggregation` over rows of `resolution` (value column or rollup state columns). */
export function aggregateSql(aggregation: Aggregation, resolution: Resolution): string {
  const q = QUANTILE[aggregation];
  if (resolution === 'raw') {
    if (q !== undefined) return `quantileTDigest(${q})(value)`;
    if (aggregation === 'last') return 'argMax(value, time)';
    if (aggregation === 'count') return 'toFloat64(count())';
    return `${aggregation}(value)`;
  }
  if (q !== undefined) return `quantileTDigestMerge(${q})(sketch)`;
  switch (aggregation) {
    case 'avg':
      return 'sum(sum) / sum(count)';
    case 'min':
      return 'min(min)';
    case 'max':
      return 'max(max)';
    case 'sum':
      return 'sum(sum)';
    case 'count':
      return 'toFloat64(sum(count))';
    case 'last':
      return 'argMaxMerge(last)';
  }
  return 'NaN';
}

/**
 * The columns an aggregation reads: a t-digest state is ~100× wider than a number, so a mean
 * must never read the sketches.
 */
export function columnsFor(aggregation: Aggregation, resolution: Resolution): string[] {
  if (resolution === 'raw') return aggregation === 'last' ? ['value', 'time'] : ['value'];
  if (QUANTILE[aggregation] !== undefined) return ['sketch'];
  if (aggregation === 'avg') return ['sum', 'count'];
  return [aggregation];
}

/**
 * Counter increase between consecutive samples with reset handling (Prometheus's rule): a drop
 * means the counter restarted from zero, so the increase is the new value itself.
 */
export function increaseWithResets(values: readonly number[]): number {
  let total = 0;
  for (let i = 1; i < values.length; i++) {
    const delta = values[i] - values[i - 1];
    total += delta < 0 ? values[i] : delta;
  }
  return total;
}
