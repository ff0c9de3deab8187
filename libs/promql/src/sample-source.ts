import type { LabelMatcher, Labels } from './ast';

/** What the engine asks a store for: the series a selector matches and their samples in a window. */
export interface SelectRequest {
  readonly matchers: readonly LabelMatcher[];
  /** Inclusive bounds, milliseconds since the epoch. */
  readonly startMillis: number;
  readonly endMillis: number;
  /** Stop after this many samples (the source may return one more to signal "over the limit"). */
  readonly maxSamples: number;
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
}

/**
 * The port a store implements so the engine can read samples (Vigil: ClickHouse's metric
 * tables; tests: MemorySampleSource). Implementations filter by every matcher and time.
 */
export interface SampleSource {
  select(request: SelectRequest): Promise<readonly LoadedSeries[]>;
}
