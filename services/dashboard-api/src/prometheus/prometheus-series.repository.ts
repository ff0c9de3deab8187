import { Injectable } from '@nestjs/common';
import { formatFloat, type LabelMatcher, type Labels, type LoadedSeries, matches, METRIC_NAME, QueryLimitError, type SampleSource, type SelectRequest } from '@vigil/promql';
import type { Principal } from '../auth/principal';
import { TenantStore } from '../tenant-store';
import { nameKey, promLabelName, promNamesFor, type StoredMetric } from './otlp-names';
import { readRollup } from './rollup-reader';
import { float64sFromHex, inTimeOrder, staleMarkers } from './sample-columns';

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

/** The tenant's metric catalogue, as `catalog()` returns it. */
type Catalog = { metric: StoredMetric; names: string[] }[];

/** The series a selector matched, and whether they are every series of their stored metrics. */
interface Matched {
  readonly series: PromSeries[];
  /** True when no label matcher dropped a series: the fingerprint filter is then redundant in SQL. */
  readonly allOfTheirMetrics: boolean;
}

function catalogOf(rows: readonly CatalogRow[]): Catalog {
  return rows.map((row) => {
    const metric = { metricName: row.metric_name, metricType: row.metric_type, monotonic: Boolean(row.monotonic), unit: row.unit };
    return { metric, names: promNamesFor(metric) };
  });
}

/** The catalogue's metrics with a PromQL name that satisfies every `__name__` matcher. */
function metricsNamed(catalog: Catalog, matchers: readonly LabelMatcher[]): Catalog {
  const nameMatchers = matchers.filter((m) => m.name === METRIC_NAME);
  return catalog.filter(({ names }) => names.some((name) => nameMatchers.every((m) => matches(m, { [METRIC_NAME]: name }))));
}

/** Series rows as PromQL sees them (translated labels, one entry per PromQL name), kept when every matcher holds. */
function matchRows(rows: readonly SeriesRow[], catalog: Catalog, matchers: readonly LabelMatcher[]): Matched {
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
  const kept = out.filter((s) => s.histogramPart?.kind === 'bucket' || matchers.every((m) => matches(m, s.labels)));
  return { series: kept, allOfTheirMetrics: kept.length === out.length };
}

/**
 * Restricts a sample read to the matched series. When they are all the series of their metrics
 * (a selector on the name alone, the common dashboard case) the name filter says it already; an
 * explicit list goes through a subquery, which ClickHouse turns into a set (an `IN` over an
 * array expression is evaluated row by row, several times slower).
 */
function fingerprintFilter(matched: Matched): string {
  return matched.allOfTheirMetrics ? '' : 'AND fingerprint IN (SELECT toUInt64(arrayJoin({fps:Array(String)})))';
}

/**
 * Reads metric_series / metric_samples / metric_histograms for PromQL. Pushed down to
 * ClickHouse: tenant, metric names (the __name__ matchers resolved against the tenant's
 * metric catalogue with their PromQL names), fingerprints and the time window; label matchers
 * run on the translated labels of the (few) series of those metrics.
 */
@Injectable()
export class PrometheusSeriesRepository {
  constructor(private readonly store: TenantStore) {}

  /** A sample source for one query: the catalogue is read once per query, not once per selector. */
  sourceFor(caller: Principal): SampleSource {
    let catalog: Promise<Catalog> | undefined;
    return { select: (request) => this.select(caller, request, () => (catalog ??= this.catalog(caller))) };
  }

  /** The tenant's metrics with their PromQL names. */
  async catalog(caller: Principal): Promise<Catalog> {
    const rows = await this.store.query<CatalogRow>(
      caller,
      `SELECT metric_name, any(metric_type) AS metric_type, any(monotonic) AS monotonic, any(unit) AS unit
       FROM metric_series WHERE tenant = {tenant:String} GROUP BY metric_name`,
    );
    return catalogOf(rows);
  }

  /** Series matching every matcher (with at least one sample or series row in the window). */
  async series(caller: Principal, matchers: readonly LabelMatcher[]): Promise<PromSeries[]> {
    return (await this.match(caller, matchers, this.catalog(caller))).series;
  }

  private async match(caller: Principal, matchers: readonly LabelMatcher[], catalogRead: Promise<Catalog>): Promise<Matched> {
    const catalog = await catalogRead;
    const storedNames = metricsNamed(catalog, matchers).map(({ metric }) => metric.metricName);
    if (storedNames.length === 0) return { series: [], allOfTheirMetrics: true };
    const rows = await this.store.query<SeriesRow>(
      caller,
      `SELECT toString(fingerprint) AS fp, metric_name, any(metric_type) AS metric_type, any(labels) AS labels
       FROM metric_series WHERE tenant = {tenant:String} AND metric_name IN {names:Array(String)}
       GROUP BY metric_name, fingerprint`,
      { names: storedNames },
    );
    return matchRows(rows, catalog, matchers);
  }

  /**
   * `match` for a selector with `__name__="…"`, in one statement instead of two: the series rows
   * carry their metric's type, unit and monotonicity, and SQL keeps only metrics whose name could
   * translate to the wanted one — with every character but letters and digits removed, a stored
   * name is a prefix of each of its PromQL names (translation only escapes, collapses and strips
   * `_`, and appends suffixes). The exact translation then runs here, as in `match`.
   */
  private async matchByName(caller: Principal, matchers: readonly LabelMatcher[], name: string): Promise<Matched> {
    const rows = await this.store.query<SeriesRow & CatalogRow>(
      caller,
      `SELECT toString(fingerprint) AS fp, metric_name, any(metric_type) AS metric_type, any(monotonic) AS monotonic, any(unit) AS unit, any(labels) AS labels
       FROM metric_series WHERE tenant = {tenant:String} AND startsWith({nameKey:String}, replaceRegexpAll(metric_name, '[^a-zA-Z0-9]', ''))
       GROUP BY metric_name, fingerprint`,
      { nameKey: nameKey(name) },
    );
    // A metric's metadata from any one of its rows, as the catalogue query takes it.
    const metrics = new Map<string, CatalogRow>();
    for (const row of rows) if (!metrics.has(row.metric_name)) metrics.set(row.metric_name, row);
    const catalog = metricsNamed(catalogOf([...metrics.values()]), matchers);
    const named = new Set(catalog.map(({ metric }) => metric.metricName));
    return matchRows(rows.filter((row) => named.has(row.metric_name)), catalog, matchers);
  }

  /** The `le` values of histogram bucket series (their explicit bounds, and +Inf). */
  async bucketBounds(caller: Principal, series: readonly PromSeries[]): Promise<string[]> {
    const buckets = series.filter((s) => s.histogramPart?.kind === 'bucket');
    if (buckets.length === 0) return [];
    const rows = await this.store.query<{ bound: number }>(
      caller,
      `SELECT DISTINCT arrayJoin(explicit_bounds) AS bound FROM metric_histograms
       WHERE tenant = {tenant:String} AND metric_name IN {names:Array(String)} AND fingerprint IN (SELECT toUInt64(arrayJoin({fps:Array(String)})))`,
      { names: [...new Set(buckets.map((s) => s.storedName))], fps: buckets.map((s) => s.fingerprint) },
    );
    return [...rows.map((r) => formatFloat(r.bound)), '+Inf'];
  }

  private async select(caller: Principal, request: SelectRequest, catalog: () => Promise<Catalog>): Promise<LoadedSeries[]> {
    const exactName = request.matchers.find((m) => m.name === METRIC_NAME && m.op === '=');
    const { series, allOfTheirMetrics } = exactName ? await this.matchByName(caller, request.matchers, exactName.value) : await this.match(caller, request.matchers, catalog());
    const plain = series.filter((s) => !s.histogramPart);
    const histograms = series.filter((s) => s.histogramPart);
    const out: LoadedSeries[] = [];
    if (plain.length > 0) {
      const matched = { series: plain, allOfTheirMetrics };
      out.push(...((await readRollup(this.store, caller, plain, fingerprintFilter(matched), request)) ?? (await this.loadSamples(caller, matched, request))));
    }
    if (histograms.length > 0) out.push(...(await this.loadHistograms(caller, { series: histograms, allOfTheirMetrics }, request)));
    return out;
  }

  private async loadSamples(caller: Principal, matched: Matched, request: SelectRequest): Promise<LoadedSeries[]> {
    const { series } = matched;
    // One row per series, its times and values as hex strings of Float64s (sample-columns.ts):
    // decoded natively into typed arrays, NaN bits intact. The inner LIMIT caps what is read;
    // one over means "too many" (order does not matter: an over-limit read is refused whole).
    const rows = await this.store.query<{ fp: string; n: string; t: string; v: string }>(
      caller,
      `SELECT toString(fingerprint) AS fp, count() AS n,
              arrayStringConcat(arrayMap(x -> hex(toFloat64(x)), groupArray(toUnixTimestamp64Milli(time)))) AS t,
              arrayStringConcat(arrayMap(x -> hex(x), groupArray(value))) AS v
       FROM (
         SELECT fingerprint, time, value FROM metric_samples
         WHERE tenant = {tenant:String} AND metric_name IN {names:Array(String)} ${fingerprintFilter(matched)}
           AND time >= fromUnixTimestamp64Milli({from:Int64}) AND time <= fromUnixTimestamp64Milli({to:Int64})
         LIMIT {limit:UInt64}
       )
       GROUP BY fingerprint`,
      {
        names: [...new Set(series.map((s) => s.storedName))],
        ...(matched.allOfTheirMetrics ? {} : { fps: series.map((s) => s.fingerprint) }),
        from: request.startMillis,
        to: request.endMillis,
        limit: request.maxSamples + 1,
      },
    );
    if (rows.reduce((total, row) => total + Number(row.n), 0) > request.maxSamples) throw new QueryLimitError(request.maxSamples);
    const byFingerprint = new Map(rows.map((row) => [row.fp, inTimeOrder(float64sFromHex(row.t), float64sFromHex(row.v))]));
    return series.flatMap((s) => {
      const columns = byFingerprint.get(s.fingerprint);
      return columns ? [{ labels: s.labels, timesMillis: columns.times, values: columns.values, stale: staleMarkers(columns.values) }] : [];
    });
  }

  private async loadHistograms(caller: Principal, matched: Matched, request: SelectRequest): Promise<LoadedSeries[]> {
    const { series } = matched;
    const rows = await this.store.query<{ fp: string; t: string; bounds: number[]; counts: string[]; sum: number; count: string }>(
      caller,
      `SELECT toString(fingerprint) AS fp, toUnixTimestamp64Milli(time) AS t, explicit_bounds AS bounds, bucket_counts AS counts, sum, count
       FROM metric_histograms
       WHERE tenant = {tenant:String} AND metric_name IN {names:Array(String)} AND fingerprint IN (SELECT toUInt64(arrayJoin({fps:Array(String)})))
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
      .map((entry) => ({ labels: entry.labels, timesMillis: entry.times, values: entry.values }));
  }
}
