import type { LabelMatcher, Labels } from './ast';

/** What the engine asks a store for: the series a selector matches and their samples in a window. */
export interface SelectRequest {
  readonly matchers: readonly LabelMatcher[];
  /** Inclusive bounds, milliseconds since the epoch. */
  readonly startMillis: number;
  readonly endMillis: number;
  /** Stop after this many samples (the source may return one more to signal "over the limit"). */
  readonly maxSamples: number;
  /** Set when the samples only feed one rollup-friendly range function (see RollupHint). */
  readonly rollup?: RollupHint;
}

export type RollupFunction = 'min_over_time' | 'max_over_time' | 'last_over_time' | 'present_over_time';

/**
 * The selector's samples are only read by `function` over the windows (end - rangeMillis, end]
 * for end = firstEndMillis, firstEndMillis + stepMillis, …, lastEndMillis (stepMillis 0: one
 * window). Such a function's value over a window made of whole buckets is the same function of
 * the buckets' own min / max / last / presence. So a source may answer with ONE point per
 * non-empty bucket, placed strictly inside its bucket and holding that bucket's value of the
 * function — but only when every window is a union of whole buckets (`rollupAligned`) and no
 * sample lies on a bucket edge; otherwise it must return the raw samples.
 */
export interface RollupHint {
  readonly function: RollupFunction;
  readonly rangeMillis: number;
  readonly firstEndMillis: number;
  readonly lastEndMillis: number;
  readonly stepMillis: number;
}

/**
 * One series with its samples, times ascending. Sources that decode columns should hand over
 * Float64Arrays: the evaluator then slices range windows without copying.
 */
export interface LoadedSeries {
  readonly labels: Labels;
  readonly timesMillis: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  /** 1 where the sample is a Prometheus stale marker (ends the series for lookback); absent when there is none. */
  readonly stale?: ArrayLike<number>;
  /** Set when the points are rollup buckets of this width (one point per bucket) rather than raw samples. */
  readonly bucketMillis?: number;
}

/**
 * The port a store implements so the engine can read samples (Vigil: ClickHouse's metric
 * tables; tests: MemorySampleSource). Implementations filter by every matcher and time.
 */
export interface SampleSource {
  select(request: SelectRequest): Promise<readonly LoadedSeries[]>;
}
