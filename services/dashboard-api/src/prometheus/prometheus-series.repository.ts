import { Injectable } from '@nestjs/common';
import { formatFloat, type LabelMatcher, type Labels, type LoadedSeries, matches, METRIC_NAME, QueryLimitError, type SampleSource, type SelectRequest } from '@vigil/promql';
import type { Principal } from '../auth/principal';
import { TenantStore } from '../tenant-store';
import { promLabelName, promNamesFor, type StoredMetric } from './otlp-names';

/** One stored series as PromQL sees it (translated name and labels). */
export interface PromSeries {
  readonly fingerprint: string;
  readonly storedName: string;
  readonly metricType: string;
  /** For histograms: which exposed series (`_bucket` per le, `_sum`, `_count`). */
  readonly histogramPart?: { kind: 'bucket'; le: string } | { kind: 'sum' } | { kind: 'count' };
  readonly labels: Labels;
}

interface CatalogRow {
  metric_name: string;
  metric_type: string;
  monotonic: boolean | number;
  unit: string;
}

interface SeriesRow {
  fp: string;
  metric_name: string;
  metric_type: string;
  labels: Record<string, string>;
}

// Prometheus's stale marker NaN (0x7ff0000000000002) survives as Float64 bits in ClickHouse.
const STALE_BITS = '9218868437227405314';
/** JSON cannot carry non-finite floats: the query flags them (1 NaN, 2 stale NaN, 3 +Inf, 4 -Inf). */
const NON_FINITE: Readonly<Record<number, number>> = { 1: NaN, 2: NaN, 3: Infinity, 4: -Infinity };

/**
 * Reads metric_series / metric_samples / metric_histograms for PromQL. Pushed down to
 * ClickHouse: tenant, metric names (the __name__ matchers resolved against the tenant's
 * metric catalogue with their PromQL names), fingerprints and the time window; label matchers
 * run on the translated labels of the (few) series of those metrics.
 */
@Injectable()
export class PrometheusSeriesRepository {
  constructor(private readonly store: TenantStore) {}

  sourceFor(caller: Principal): SampleSource {
    return { select: (request) => this.select(caller, request) };
  }

  /** The tenant's metrics with their PromQL names. */
  async catalog(caller: Principal): Promise<{ metric: StoredMetric; names: string[] }[]> {
    const rows = await this.store.query<CatalogRow>(
      caller,
      `SELECT metric_name, any(metric_type) AS metric_type, any(monotonic) AS monotonic, any(unit) AS unit
       FROM metric_series WHERE tenant = {tenant:String} GROUP BY metric_name`,
    );
    return rows.map((row) => {
      const metric = { metricName: row.metric_name, metricType: row.metric_type, monotonic: Boolean(row.monotonic), unit: row.unit };
      return { metric, names: promNamesFor(metric) };
    });
  }

  /** Series matching every matcher (with at least one sample or series row in the window). */
  async series(caller: Principal, matchers: readonly LabelMatcher[]): Promise<PromSeries[]> {
    const catalog = await this.catalog(caller);
    const nameMatchers = matchers.filter((m) => m.name === METRIC_NAME);
    const storedNames = catalog.filter(({ names }) => names.some((name) => nameMatchers.every((m) => matches(m, { [METRIC_NAME]: name })))).map(({ metric }) => metric.metricName);
    if (storedNames.length === 0) return [];
    const rows = await this.store.query<SeriesRow>(
      caller,
      `SELECT toString(fingerprint) AS fp, metric_name, any(metric_type) AS metric_type, any(labels) AS labels
       FROM metric_series WHERE tenant = {tenant:String} AND metric_name IN {names:Array(String)}
       GROUP BY metric_name, fingerprint`,
      { names: storedNames },
    );
    const byName = new Map(catalog.map((entry) => [entry.metric.metricName, entry.names]));
    const out: PromSeries[] = [];
    for (const row of rows) {
      const labels: Record<string, string> = {};
      for (const [name, value] of Object.entries(row.labels)) if (value !== '') labels[promLabelName(name)] = value;
      for (const promName of byName.get(row.metric_name) ?? []) {
        const base = { fingerprint: row.fp, storedName: row.metric_name, metricType: row.metric_type };
        if (row.metric_type === 'histogram') {
          // Bucket bounds are only known from the samples: expand `_bucket` when loading them.
          const kind = promName.endsWith('_bucket') ? 'bucket' : promName.endsWith('_sum') ? 'sum' : 'count';
          out.push({ ...base, histogramPart: kind === 'bucket' ? { kind, le: '' } : { kind }, labels: { ...labels, [METRIC_NAME]: promName } });
        } else out.push({ ...base, labels: { ...labels, [METRIC_NAME]: promName } });
      }
    }
    return out.filter((s) => s.histogramPart?.kind === 'bucket' || matchers.every((m) => matches(m, s.labels)));
  }

  /** The `le` values of histogram bucket series (their explicit bounds, and +Inf). */
  async bucketBounds(caller: Principal, series: readonly PromSeries[]): Promise<string[]> {
    const buckets = series.filter((s) => s.histogramPart?.kind === 'bucket');
    if (buckets.length === 0) return [];
    const rows = await this.store.query<{ bound: number }>(
      caller,
      `SELECT DISTINCT arrayJoin(explicit_bounds) AS bound FROM metric_histograms
       WHERE tenant = {tenant:String} AND metric_name IN {names:Array(String)} AND fingerprint IN arrayMap(x -> toUInt64(x), {fps:Array(String)})`,
      { names: [...new Set(buckets.map((s) => s.storedName))], fps: buckets.map((s) => s.fingerprint) },
    );
    return [...rows.map((r) => formatFloat(r.bound)), '+Inf'];
  }

  private async select(caller: Principal, request: SelectRequest): Promise<LoadedSeries[]> {
    const series = await this.series(caller, request.matchers);
    const plain = series.filter((s) => !s.histogramPart);
    const histograms = series.filter((s) => s.histogramPart);
    const out: LoadedSeries[] = [];
    if (plain.length > 0) out.push(...(await this.loadSamples(caller, plain, request)));
    if (histograms.length > 0) out.push(...(await this.loadHistograms(caller, histograms, request)));
    return out;
  }

  private async loadSamples(caller: Principal, series: readonly PromSeries[], request: SelectRequest): Promise<LoadedSeries[]> {
    // One row per series with its points as parallel arrays: far less JSON than a row per
    // sample. The inner LIMIT (primary-key order) caps what is read; one over means "too many".
    const rows = await this.store.query<{ fp: string; n: number; t: number[]; v: number[]; flags: number[] }>(
      caller,
      `SELECT toString(fingerprint) AS fp, count() AS n, groupArray(t) AS t, groupArray(v) AS v, groupArray(flag) AS flags
       FROM (
         SELECT fingerprint, toFloat64(toUnixTimestamp64Milli(time)) AS t, if(isFinite(value), value, 0) AS v,
                multiIf(reinterpretAsUInt64(value) = ${STALE_BITS}, 2, isNaN(value), 1, value > 0 AND isInfinite(value), 3, isInfinite(value), 4, 0) AS flag
         FROM metric_samples
         WHERE tenant = {tenant:String} AND metric_name IN {names:Array(String)} AND fingerprint IN arrayMap(x -> toUInt64(x), {fps:Array(String)})
           AND time >= fromUnixTimestamp64Milli({from:Int64}) AND time <= fromUnixTimestamp64Milli({to:Int64})
         ORDER BY tenant, metric_name, fingerprint, time LIMIT {limit:UInt64}
       )
       GROUP BY fingerprint`,
      { names: [...new Set(series.map((s) => s.storedName))], fps: series.map((s) => s.fingerprint), from: request.startMillis, to: request.endMillis, limit: request.maxSamples + 1 },
    );
    if (rows.reduce((total, row) => total + Number(row.n), 0) > request.maxSamples) throw new QueryLimitError(request.maxSamples);
    const byFingerprint = new Map<string, { times: number[]; values: number[]; stale: number[] }>();
    for (const row of rows) {
      const entry = { times: [] as number[], values: [] as number[], stale: [] as number[] };
      // groupArray keeps the subquery's time order in practice; a parallel plan could interleave.
      const order = row.t.every((t, i) => i === 0 || row.t[i - 1] <= t) ? row.t.map((_, i) => i) : row.t.map((_, i) => i).sort((a, b) => row.t[a] - row.t[b]);
      for (const i of order) {
        const t = row.t[i];
        // Two samples at the same millisecond (a re-sent batch): keep the last, as the TSDB does.
        if (entry.times[entry.times.length - 1] === t) {
          entry.times.pop();
          entry.values.pop();
          entry.stale.pop();
        }
        entry.times.push(t);
        entry.values.push(NON_FINITE[row.flags[i]] ?? row.v[i]);
        entry.stale.push(row.flags[i] === 2 ? 1 : 0);
      }
      byFingerprint.set(row.fp, entry);
    }
    return series.flatMap((s) => {
      const entry = byFingerprint.get(s.fingerprint);
      return entry ? [{ labels: s.labels, timesMillis: entry.times, values: entry.values, stale: entry.stale }] : [];
    });
  }

  private async loadHistograms(caller: Principal, series: readonly PromSeries[], request: SelectRequest): Promise<LoadedSeries[]> {
    const rows = await this.store.query<{ fp: string; t: string; bounds: number[]; counts: string[]; sum: number; count: string }>(
      caller,
      `SELECT toString(fingerprint) AS fp, toUnixTimestamp64Milli(time) AS t, explicit_bounds AS bounds, bucket_counts AS counts, sum, count
       FROM metric_histograms
       WHERE tenant = {tenant:String} AND metric_name IN {names:Array(String)} AND fingerprint IN arrayMap(x -> toUInt64(x), {fps:Array(String)})
         AND time >= fromUnixTimestamp64Milli({from:Int64}) AND time <= fromUnixTimestamp64Milli({to:Int64})
       ORDER BY fingerprint, time LIMIT {limit:UInt64}`,
      { names: [...new Set(series.map((s) => s.storedName))], fps: [...new Set(series.map((s) => s.fingerprint))], from: request.startMillis, to: request.endMillis, limit: request.maxSamples + 1 },
    );
    if (rows.length > request.maxSamples) throw new QueryLimitError(request.maxSamples);
    const expanded = new Map<string, { labels: Labels; times: number[]; values: number[] }>();
    const push = (key: string, labels: Labels, t: number, value: number) => {
      let entry = expanded.get(key);
      if (!entry) expanded.set(key, (entry = { labels, times: [], values: [] }));
      entry.times.push(t);
      entry.values.push(value);
    };
    const byFingerprint = new Map(series.map((s) => [`${s.fingerprint}/${s.histogramPart?.kind}`, s]));
    for (const row of rows) {
      const t = Number(row.t);
      for (const part of ['bucket', 'sum', 'count'] as const) {
        const s = byFingerprint.get(`${row.fp}/${part}`);
        if (!s) continue;
        if (part === 'sum') push(`${row.fp}/sum`, s.labels, t, row.sum);
        else if (part === 'count') push(`${row.fp}/count`, s.labels, t, Number(row.count));
        else {
          let cumulative = 0;
          row.counts.forEach((count, i) => {
            cumulative += Number(count);
            const le = i < row.bounds.length ? formatFloat(row.bounds[i]) : '+Inf';
            push(`${row.fp}/le=${le}`, { ...s.labels, le }, t, cumulative);
          });
        }
      }
    }
    return [...expanded.values()]
      .filter((entry) => request.matchers.every((m) => matches(m, entry.labels)))
      .map((entry) => ({ labels: entry.labels, timesMillis: entry.times, values: entry.values, stale: entry.times.map(() => 0) }));
  }
}
