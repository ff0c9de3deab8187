import type { MetricBatch } from '@vigil/contracts';
import type { QueryParamValue } from '../params';
import type { RetentionPolicy } from '../retention';
import { SAMPLE_COLUMNS, metricBatchToRows, metricSamplesTabSeparated } from '../rows/metrics.rows';
import type { Store } from '../store';
import { SeriesCache } from './series-cache';

/** What `insertMetricBatch` wrote. */
export interface MetricInsertReport {
  /** Series rows written (new series, or known ones not refreshed for an hour). */
  readonly series: number;
  readonly samples: number;
  readonly histograms: number;
  readonly summaries: number;
  /** Non-finite sample values not stored (see MetricRows.droppedNonFinite). */
  readonly droppedNonFinite: number;
}

/** One stored sample. */
export interface StoredSample {
  readonly fingerprint: bigint;
  readonly timeUnixMs: number;
  readonly value: number;
}

/** One stored series (latest version of its metadata). */
export interface StoredSeries {
  readonly tenant: string;
  readonly fingerprint: bigint;
  readonly metricName: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly metricType: 'gauge' | 'sum' | 'histogram' | 'summary';
  readonly monotonic: boolean;
  readonly unit: string;
  readonly description: string;
  readonly lastSeenUnixMs: number;
}

/** One rollup bucket of a series. */
export interface RollupBucket {
  readonly fingerprint: bigint;
  readonly bucketUnixMs: number;
  readonly min: number;
  readonly max: number;
  readonly sum: number;
  readonly count: number;
  readonly last: number;
  /** Estimated quantiles from the bucket's t-digest sketch, at ROLLUP_QUANTILES. */
  readonly quantiles: { readonly p50: number; readonly p90: number; readonly p95: number; readonly p99: number };
}

/** Which samples to read: one tenant, a time range [from, to), and a series or a metric. */
export interface SampleQuery {
  readonly tenant: string;
  readonly fromUnixMs: number;
  readonly toUnixMs: number;
  /** Series to read; when absent, every series of `metricName`. */
  readonly fingerprints?: readonly bigint[];
  readonly metricName?: string;
  /** Maximum rows returned. Default 100 000. */
  readonly limit?: number;
}

/** Rollup resolution: the 1 m or the 1 h table. */
export type RollupResolution = '1m' | '1h';

// Time is compared in DateTime64(3) ticks; bounds arrive as Unix milliseconds.
const TIME_RANGE = 'time >= fromUnixTimestamp64Milli({from:Int64}) AND time < fromUnixTimestamp64Milli({to:Int64})';

function seriesFilter(query: { fingerprints?: readonly bigint[]; metricName?: string }): { sql: string; params: Record<string, QueryParamValue> } {
  if (query.fingerprints === undefined && query.metricName === undefined) {
    throw new RangeError('a sample query needs fingerprints or a metricName');
  }
  const clauses: string[] = [];
  const params: Record<string, QueryParamValue> = {};
  if (query.metricName !== undefined) {
    clauses.push('metric_name = {metricName:String}');
    params.metricName = query.metricName;
  }
  if (query.fingerprints !== undefined) {
    clauses.push('fingerprint IN {fingerprints:Array(UInt64)}');
    params.fingerprints = [...query.fingerprints];
  }
  return { sql: clauses.join(' AND '), params };
}

/**
 * Metric series, samples and rollups. Writes come from the writer (one MetricBatch per call);
 * reads serve detectors, the planner and dashboard-api.
 */
export class MetricsRepository {
  constructor(
    private readonly store: Store,
    private readonly retention: RetentionPolicy,
    /** Skips series rows written recently; pass one per writer process. */
    private readonly seriesCache: SeriesCache = new SeriesCache(),
  ) {}

  /**
   * Stores a batch: series metadata, then samples, histograms and summaries (one insert each).
   * With `deduplicationToken` (e.g. `metrics/3/1200-1299` for topic partition 3, offsets
   * 1200..1299) a retry of the same batch stores nothing twice.
   */
  async insertMetricBatch(batch: MetricBatch, options: { deduplicationToken?: string } = {}): Promise<MetricInsertReport> {
    const rows = metricBatchToRows(batch, this.retention, { samples: false });
    // Samples are nearly all of a batch's rows: sent as TSV text, no object or JSON per row.
    const samples = metricSamplesTabSeparated(batch, this.retention);
    const token = (table: string) => (options.deduplicationToken === undefined ? undefined : `${options.deduplicationToken}/${table}`);
    const series = rows.series.filter((row) => this.seriesCache.needsWrite(row.tenant, row.fingerprint, row.last_seen));
    if (series.length > 0) {
      await this.store.insert('metric_series', series, { deduplicationToken: token('series') });
      for (const row of series) this.seriesCache.markWritten(row.tenant, row.fingerprint, row.last_seen);
    }
    if (samples.rows > 0) await this.store.insertTabSeparated('metric_samples', SAMPLE_COLUMNS, samples.body, { deduplicationToken: token('samples') });
    if (rows.histograms.length > 0) await this.store.insert('metric_histograms', rows.histograms, { deduplicationToken: token('histograms') });
    if (rows.summaries.length > 0) await this.store.insert('metric_summaries', rows.summaries, { deduplicationToken: token('summaries') });
    return {
      series: series.length,
      samples: samples.rows,
      histograms: rows.histograms.length,
      summaries: rows.summaries.length,
      droppedNonFinite: rows.droppedNonFinite,
    };
  }

  /** Raw samples in [from, to), ordered by series then time. */
  async readSamples(query: SampleQuery): Promise<StoredSample[]> {
    const filter = seriesFilter(query);
    const result = await this.store.query<{ fingerprint: string; time_ms: string; value: number }>(
      `SELECT fingerprint, toUnixTimestamp64Milli(time) AS time_ms, value
       FROM metric_samples
       WHERE tenant = {tenant:String} AND ${filter.sql} AND ${TIME_RANGE}
       ORDER BY fingerprint, time
       LIMIT {limit:UInt32}`,
      { tenant: query.tenant, from: query.fromUnixMs, to: query.toUnixMs, limit: query.limit ?? 100_000, ...filter.params },
    );
    return result.rows.map((row) => ({ fingerprint: BigInt(row.fingerprint), timeUnixMs: Number(row.time_ms), value: Number(row.value) }));
  }

  /** Rollup buckets in [from, to) at 1 m or 1 h, with p50/p90/p95/p99 from the sketch. */
  async readRollup(query: SampleQuery & { resolution: RollupResolution }): Promise<RollupBucket[]> {
    const filter = seriesFilter(query);
    const table = query.resolution === '1m' ? 'metric_rollup_1m' : 'metric_rollup_1h';
    const result = await this.store.query<{
      fingerprint: string;
      bucket_ms: string;
      min: number;
      max: number;
      sum: number;
      count: string;
      last: number;
      quantiles: number[];
    }>(
      `SELECT fingerprint, toUnixTimestamp(bucket) * 1000 AS bucket_ms,
              min(min) AS min, max(max) AS max, sum(sum) AS sum, sum(count) AS count,
              argMaxMerge(last) AS last,
              quantilesTDigestMerge(0.5, 0.9, 0.95, 0.99)(sketch) AS quantiles
       FROM ${table}
       WHERE tenant = {tenant:String} AND ${filter.sql}
         AND bucket >= toDateTime(intDiv({from:Int64}, 1000)) AND bucket < toDateTime(intDiv({to:Int64}, 1000))
       GROUP BY fingerprint, bucket
       ORDER BY fingerprint, bucket
       LIMIT {limit:UInt32}`,
      { tenant: query.tenant, from: query.fromUnixMs, to: query.toUnixMs, limit: query.limit ?? 100_000, ...filter.params },
    );
    return result.rows.map((row) => ({
      fingerprint: BigInt(row.fingerprint),
      bucketUnixMs: Number(row.bucket_ms),
      min: Number(row.min),
      max: Number(row.max),
      sum: Number(row.sum),
      count: Number(row.count),
      last: Number(row.last),
      quantiles: { p50: Number(row.quantiles[0]), p90: Number(row.quantiles[1]), p95: Number(row.quantiles[2]), p99: Number(row.quantiles[3]) },
    }));
  }

  /** Series of a tenant, optionally one metric and exact label values, newest metadata only. */
  async listSeries(query: { tenant: string; metricName?: string; labels?: Readonly<Record<string, string>>; limit?: number }): Promise<StoredSeries[]> {
    const result = await this.store.query<{
      fingerprint: string;
      metric_name: string;
      labels: Record<string, string>;
      metric_type: string;
      monotonic: boolean;
      unit: string;
      description: string;
      last_seen_ms: string;
    }>(
      `SELECT fingerprint, metric_name, labels, toString(metric_type) AS metric_type, monotonic, unit, description,
              toUnixTimestamp64Milli(last_seen) AS last_seen_ms
       FROM metric_series FINAL
       WHERE tenant = {tenant:String}
         AND ({metricName:String} = '' OR metric_name = {metricName:String})
         AND arrayAll((k, v) -> labels[k] = v, mapKeys({labels:Map(String, String)}), mapValues({labels:Map(String, String)}))
       ORDER BY metric_name, fingerprint
       LIMIT {limit:UInt32}`,
      { tenant: query.tenant, metricName: query.metricName ?? '', labels: query.labels ?? {}, limit: query.limit ?? 10_000 },
    );
    return result.rows.map((row) => ({
      tenant: query.tenant,
      fingerprint: BigInt(row.fingerprint),
      metricName: row.metric_name,
      labels: row.labels,
      metricType: row.metric_type as StoredSeries['metricType'],
      monotonic: Boolean(row.monotonic),
      unit: row.unit,
      description: row.description,
      lastSeenUnixMs: Number(row.last_seen_ms),
    }));
  }
}
