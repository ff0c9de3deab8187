/**
 * Ingest's normalised telemetry, shaped like the `@vigil/contracts` topic payloads so that
 * packing a message is a field-for-field copy. Decoders produce these; the packer publishes them.
 */

/** Metric kinds, numerically equal to `vigil.v1.MetricType`. */
export const enum MetricKind {
  Gauge = 1,
  Sum = 2,
  Histogram = 3,
  Summary = 4,
}

/** Temporality, numerically equal to `vigil.v1.Temporality`. */
export const enum TemporalityKind {
  Unspecified = 0,
  Cumulative = 1,
  Delta = 2,
}

/** One label of a series (name sorted, no duplicates, no empty values). */
export interface SeriesLabel {
  readonly name: string;
  readonly value: string;
}

/** Identity of a series, cached across requests: computing it is the expensive part. */
export interface SeriesIdentity {
  /** Stable 64-bit fingerprint of name + sorted labels (contracts' `seriesFingerprint`). */
  readonly fingerprint: bigint;
  /** The fingerprint as the bus key. */
  readonly key: string;
  readonly tenant: string;
  readonly name: string;
  readonly labels: readonly SeriesLabel[];
}

export interface HistogramSample {
  timeUnixMs: number;
  explicitBounds: number[];
  /** Per-bucket (not cumulative) counts; length = bounds + 1. */
  bucketCounts: number[];
  sum: number;
  count: number;
  min?: number;
  max?: number;
}

export interface SummarySample {
  timeUnixMs: number;
  sum: number;
  count: number;
  quantiles: { quantile: number; value: number }[];
}

/** A series and the points of it found in one request. */
export interface SeriesPoints {
  readonly identity: SeriesIdentity;
  readonly type: MetricKind;
  readonly monotonic: boolean;
  readonly temporality: TemporalityKind;
  readonly unit: string;
  readonly description: string;
  startTimeUnixMs: number;
  /** Column-wise gauge/sum points: `sampleTimesUnixMs[i]` is the time of `sampleValues[i]`. */
  readonly sampleTimesUnixMs: number[];
  readonly sampleValues: number[];
  readonly histograms: HistogramSample[];
  readonly summaries: SummarySample[];
}

/** Number of points a series carries (a histogram or summary point counts as one). */
export function pointCount(series: SeriesPoints): number {
  return series.sampleValues.length + series.histograms.length + series.summaries.length;
}

/** An attribute with its OTLP type kept (spans and logs keep types; series labels are strings). */
export type AttributeValue =
  | { readonly case: 'stringValue'; readonly value: string }
  | { readonly case: 'intValue'; readonly value: bigint }
  | { readonly case: 'doubleValue'; readonly value: number }
  | { readonly case: 'boolValue'; readonly value: boolean };

export interface TypedAttribute {
  readonly key: string;
  readonly value: AttributeValue;
}
