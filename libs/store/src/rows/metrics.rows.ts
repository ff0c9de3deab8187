import type { MetricBatch } from '@vigil/contracts';
import { MetricType } from '@vigil/contracts';
import type { RetentionPolicy } from '../retention';
import { tabSeparatedField } from '../sql-text';

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

/** Columns of `metric_samples`, in the order `metricSamplesTabSeparated` writes them. */
export const SAMPLE_COLUMNS = ['tenant', 'metric_name', 'fingerprint', 'time', 'value', 'retention_days'] as const;

/** The gauge/sum samples of a batch as `metric_samples` rows in TabSeparated text. */
export interface SampleText {
  readonly body: Buffer;
  readonly rows: number;
  /** NaN/±Inf values left out, as in MetricRows. */
  readonly droppedNonFinite: number;
}

/**
 * The samples of a batch encoded for `Store.insertTabSeparated`: the same rows, in the same
 * order, as `metricBatchToRows(...).samples`, written straight into one Buffer: no object, string
 * or concatenation per row (they were the writer's garbage-collection load). Tenant, name and
 * fingerprint are encoded once per series as a line prefix; per point the time (Unix ms, which
 * ClickHouse reads into DateTime64(3)) is written digit by digit and only the value goes through
 * a number-to-string conversion. Deterministic, so a retried batch sends the same bytes.
 */
export function metricSamplesTabSeparated(batch: MetricBatch, retention: RetentionPolicy): SampleText {
  const out = new AsciiWriter(64 * 1024);
  const prefixes = new Map<string, { prefix: Buffer; suffix: Buffer }>();
  let rows = 0;
  let droppedNonFinite = 0;
  for (const series of batch.series) {
    const times = series.sampleTimesUnixMs;
    if (times.length === 0) continue;
    const values = series.sampleValues;
    const key = `${series.tenant}\u0000${series.name}\u0000${series.fingerprint}`;
    let line = prefixes.get(key);
    if (line === undefined) {
      line = {
        prefix: Buffer.from(`${tabSeparatedField(series.tenant)}\t${tabSeparatedField(series.name)}\t${series.fingerprint}\t`),
        suffix: Buffer.from(`\t${retention.days('metrics', series.tenant)}\n`),
      };
      prefixes.set(key, line);
    }
    for (let i = 0; i < times.length; i++) {
      const value = values[i];
      if (!Number.isFinite(value)) {
        droppedNonFinite++;
        continue;
      }
      out.bytes(line.prefix);
      out.number(times[i]);
      out.byte(9);
      out.number(value);
      out.bytes(line.suffix);
      rows++;
    }
  }
  return { body: out.result(), rows, droppedNonFinite };
}

/** An ASCII text builder over one growing Buffer. */
class AsciiWriter {
  private buf: Buffer;
  private pos = 0;

  constructor(initialBytes: number) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  byte(code: number): void {
    this.room(1);
    this.buf[this.pos++] = code;
  }

  bytes(bytes: Buffer): void {
    this.room(bytes.length);
    bytes.copy(this.buf, this.pos);
    this.pos += bytes.length;
  }

  /** A number as JavaScript prints it (what JSON carried before); whole numbers without a string. */
  number(value: number): void {
    if (Number.isSafeInteger(value) && value >= 0) {
      let digits = 1;
      for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
      this.room(digits);
      let rest = value;
      for (let at = this.pos + digits - 1; at >= this.pos; at--) {
        this.buf[at] = 48 + (rest % 10);
        rest = Math.floor(rest / 10);
      }
      this.pos += digits;
      return;
    }
    const text = String(value);
    this.room(text.length);
    for (let i = 0; i < text.length; i++) this.buf[this.pos++] = text.charCodeAt(i);
  }

  result(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  private room(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }
}

/**
 * Flattens a MetricBatch into table rows. Deterministic (no clock): the same batch always gives
 * the same rows in the same order, which is what makes a deduplication token valid on retry.
 * A series listed twice in the batch yields one series row (the later `last_seen`).
 * With `samples: false` the sample rows are left out (the writer sends them as text, see
 * metricSamplesTabSeparated); `droppedNonFinite` and `last_seen` are the same either way.
 */
export function metricBatchToRows(batch: MetricBatch, retention: RetentionPolicy, options: { samples?: boolean } = {}): MetricRows {
  const withSamples = options.samples ?? true;
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
      if (withSamples) rows.samples.push({ tenant, metric_name, fingerprint, time: times[i], value, retention_days });
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
