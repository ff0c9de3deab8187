import { Temporality, type Label, type Series } from '@vigil/contracts';
import { seriesKeyOf, type MetricSample } from '@vigil/slo';

function labelRecord(labels: readonly Label[], extra?: [string, string]): Record<string, string> {
  const record: Record<string, string> = {};
  for (const label of labels) record[label.name] = label.value;
  if (extra) record[extra[0]] = extra[1];
  return record;
}

/** Prometheus's rendering of a bucket bound in `le` (FormatFloat 'f', -1): 0.3, 1, +Inf. */
export function formatBound(bound: number): string {
  if (bound === Infinity) return '+Inf';
  return String(bound);
}

/**
 * The counter samples an SLO can select from one series: the samples themselves for sums and
 * gauges, and for a histogram the series Prometheus would expose — `<name>_bucket{le}`
 * (cumulative), `<name>_count` and `<name>_sum` — so a latency SLI "≤ 300 ms" can select
 * `<name>_bucket{le="0.3"}` over `<name>_count` as it would in Prometheus.
 */
export function* samplesOf(series: Series, wants: (metric: string) => boolean, cumulator: Cumulator): Generator<MetricSample> {
  const tenant = series.tenant;
  const delta = series.temporality === Temporality.DELTA;
  if (wants(series.name)) {
    const labels = labelRecord(series.labels);
    for (let i = 0; i < series.sampleTimesUnixMs.length; i++) {
      yield* cumulator.apply(tenant, { metric: series.name, labels, timestampMillis: series.sampleTimesUnixMs[i], value: series.sampleValues[i] }, delta);
    }
  }
  if (series.histograms.length === 0) return;
  const bucketName = `${series.name}_bucket`;
  const countName = `${series.name}_count`;
  const sumName = `${series.name}_sum`;
  const wantBuckets = wants(bucketName);
  const wantCount = wants(countName);
  const wantSum = wants(sumName);
  if (!wantBuckets && !wantCount && !wantSum) return;
  const plain = labelRecord(series.labels);
  for (const point of series.histograms) {
    const timestampMillis = point.timeUnixMs;
    if (wantCount) yield* cumulator.apply(tenant, { metric: countName, labels: plain, timestampMillis, value: Number(point.count) }, delta);
    if (wantSum) yield* cumulator.apply(tenant, { metric: sumName, labels: plain, timestampMillis, value: point.sum }, delta);
    if (!wantBuckets) continue;
    let cumulative = 0;
    for (let b = 0; b < point.bucketCounts.length; b++) {
      cumulative += Number(point.bucketCounts[b]);
      const bound = b < point.explicitBounds.length ? point.explicitBounds[b] : Infinity;
      const sample = { metric: bucketName, labels: labelRecord(series.labels, ['le', formatBound(bound)]), timestampMillis, value: cumulative };
      yield* cumulator.apply(tenant, sample, delta);
    }
  }
}

/**
 * Turns DELTA series (ingest derives its span RED metrics as deltas) into the cumulative
 * counters the SLO engine reads, as a running total per series. The first delta of a series is
 * preceded by a zero just before it, so its events count (a counter's first sample does not).
 * After a restart totals start again from 0: the engine reads the drop as a counter reset, as
 * Prometheus does, and loses nothing.
 */
export class Cumulator {
  private readonly totals = new Map<string, { value: number; lastMillis: number }>();

  /** `tenant` keeps two tenants' identical series apart (series keys carry no tenant). */
  *apply(tenant: string, sample: MetricSample, delta: boolean): Generator<MetricSample> {
    if (!delta) {
      yield sample;
      return;
    }
    const key = seriesKeyOf(sample.metric, sample.labels);
    const totalKey = `${tenant}\u0000${key}`;
    let total = this.totals.get(totalKey);
    if (!total) {
      total = { value: 0, lastMillis: sample.timestampMillis - 1 };
      this.totals.set(totalKey, total);
      yield { ...sample, seriesKey: key, timestampMillis: sample.timestampMillis - 1, value: 0 };
    }
    if (sample.timestampMillis <= total.lastMillis) return; // replayed: already counted
    total.value += sample.value;
    total.lastMillis = sample.timestampMillis;
    yield { ...sample, seriesKey: key, value: total.value };
  }

  /** Forgets series not seen since `beforeMillis` (bounded memory under series churn). */
  forgetIdle(beforeMillis: number): void {
    for (const [key, total] of this.totals) if (total.lastMillis < beforeMillis) this.totals.delete(key);
  }
}
