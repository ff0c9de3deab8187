import type { Labels } from './ast';

/** One element of an instant vector. */
export interface Sample {
  readonly labels: Labels;
  readonly value: number;
  /** The stored sample's own time, set only by a plain vector selector (for `timestamp()`). */
  readonly timestampMillis?: number;
}

/**
 * One series of a range vector: the points inside the selector's window, oldest first, are
 * indices [begin, end) of the series' loaded columns. A window is two numbers, not a copy or a
 * typed-array view: a range query makes one per series and step, and those add up to GC time.
 */
export interface RangeSeries {
  readonly labels: Labels;
  readonly timesMillis: Float64Array;
  readonly values: Float64Array;
  readonly begin: number;
  /** One past the window's last point; end > begin. */
  readonly end: number;
}

/** A range vector with the window it was selected for (rate's extrapolation needs the bounds). */
export interface RangeVector {
  readonly type: 'matrix';
  readonly series: readonly RangeSeries[];
  /** Exclusive start of the window (left-open). */
  readonly rangeStartMillis: number;
  /** Inclusive end of the window. */
  readonly rangeEndMillis: number;
}

export type Value =
  | { readonly type: 'scalar'; readonly value: number }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'vector'; readonly samples: readonly Sample[] }
  | RangeVector;
