import type { MetricBatch } from '@vigil/contracts';
import { MetricType } from '@vigil/contracts';
import type { RetentionPolicy } from '../retention';

/** A row of `metric_series`. UInt64 values are decimal strings (exact, JSON-safe). */
export interface SeriesRow {
  tenant: string;
  fingerprint: string;
  metric_name: string;
  labels: Record<string, string>;
  metric_type: number;
  monotonic: boolean;
  temporality: number;
  unit: string;
  description: string;
  last_seen: number;
  retention_days: number;
}

/** A row of `metric_samples`. */
export interface SampleRow {
  tenant: string;
  metric_name: string;
  fingerprint: string;
  time: number;
  value: number;
  retention_days: number;
}

/** A row of `metric_histograms`. */
export interface HistogramRow {
  tenant: string;
  metric_name: string;
  fingerprint: string;
  time: number;
  explicit_bounds: number[];
  bucket_counts: string[];
  sum: number;
  count: string;
  min: number | null;
  max: number | null;
  retention_days: number;
}

/** A row of `metric_summaries`. */
export interface SummaryRow {
  tenant: string;
  metric_name: string;
  fingerprint: string;
  time: number;
  sum: number;
  count: string;
  quantiles: number[];
  quantile_values: number[];
  retention_days: number;
}

/** The rows of one metric batch, per table. */
export interface MetricRows {
  series: SeriesRow[];
  samples: SampleRow[];
  histograms: HistogramRow[];
  summaries: SummaryRow[];
  /** NaN/±Inf sample values left out: JSON cannot carry them and ClickHouse would store 0. */
  droppedNonFinite: number;
}

/**
 * Flattens a MetricBatch into table rows. Deterministic (no clock): the same batch always gives
 * the same rows in the same order, which is what makes a deduplication token valid on retry.
 * A series listed twice in the batch yields one series row (the later `last_seen`).
 */
export function metricBatchToRows(batch: MetricBatch, retention: RetentionPolicy): MetricRows {
  const rows: MetricRows = { series: [], samples: [], histograms: [], summaries: [], droppedNonFinite: 0 };
  const seriesIndex = new Map<string, number>();
  for (const series of batch.series) {
    const fingerprint = series.fingerprint.toString();
    const tenant = series.tenant;
    const metric_name = series.name;
    const retention_days = retention.days('metrics', tenant);
    let lastSeen = 0;
    const times = series.sampleTimesUnixMs;
    const values = series.sampleValues;
    for (let i = 0; i < times.length; i++) {
      const value = values[i];
      if (!Number.isFinite(value)) {
        rows.droppedNonFinite++;
        continue;
      }
      rows.samples.push({ tenant, metric_name, fingerprint, time: times[i], value, retention_days });
      if (times[i] > lastSeen) lastSeen = times[i];
    }
    for (const point of series.histograms) {
      rows.histograms.push({
        tenant,
        metric_name,
        fingerprint,
        time: point.timeUnixMs,
        explicit_bounds: point.explicitBounds,
        bucket_counts: point.bucketCounts.map(String),
        sum: Number.isFinite(point.sum) ? point.sum : 0,
        count: point.count.toString(),
        min: point.min !== undefined && Number.isFinite(point.min) ? point.min : null,
        max: point.max !== undefined && Number.isFinite(point.max) ? point.max : null,
        retention_days,
      });
      if (point.timeUnixMs > lastSeen) lastSeen = point.timeUnixMs;
    }
    for (const point of series.summaries) {
      rows.summaries.push({
        tenant,
        metric_name,
        fingerprint,
        time: point.timeUnixMs,
        sum: Number.isFinite(point.sum) ? point.sum : 0,
        count: point.count.toString(),
        quantiles: point.quantiles.map((q) => q.quantile),
        quantile_values: point.quantiles.map((q) => (Number.isFinite(q.value) ? q.value : 0)),
        retention_days,
      });
      if (point.timeUnixMs > lastSeen) lastSeen = point.timeUnixMs;
    }
    const key = `${tenant}\u0000${fingerprint}`;
    const existing = seriesIndex.get(key);
    if (existing !== undefined) {
      const row = rows.series[existing];
      if (lastSeen > row.last_seen) row.last_seen = lastSeen;
      continue;
    }
    const labels: Record<string, string> = {};
    for (const label of series.labels) labels[label.name] = label.value;
    seriesIndex.set(key, rows.series.length);
    rows.series.push({
      tenant,
      fingerprint,
      metric_name,
      labels,
      metric_type: series.type === MetricType.UNSPECIFIED ? MetricType.GAUGE : series.type,
      monotonic: series.monotonic,
      temporality: series.temporality,
      unit: series.unit,
      description: series.description,
      last_seen: lastSeen,
      retention_days,
    });
  }
  return rows;
}
