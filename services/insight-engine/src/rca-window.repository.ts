import type { Store } from '@vigil/store';

/** Which services of which tenant over which time range; `services: null` = every service. */
export interface WindowQuery {
  readonly tenant: string;
  readonly fromMillis: number;
  readonly toMillis: number;
  readonly services: readonly string[] | null;
}

/** One bucket of one (service, metric) aggregated over its series. */
export interface MetricBucketRow {
  readonly service: string;
  readonly metric: string;
  /** `delta` counts are summed per bucket; `cumulative` counters are the bucket's last value summed over series; `gauge` is averaged; `histogram` is the mean. */
  readonly kind: 'delta' | 'cumulative' | 'gauge' | 'histogram';
  readonly bucketMillis: number;
  readonly value: number;
}

export interface SpanRow {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly service: string;
  readonly operation: string;
  readonly startUnixNano: bigint;
  readonly durationNanos: number;
  readonly status: 'ok' | 'error' | 'unset';
}

export interface LogRow {
  readonly timeMillis: number;
  readonly service: string;
  readonly severity: string;
  readonly body: string;
  readonly traceId: string;
}

// The service of a series: OpenTelemetry's `service.name`, else the Prometheus habit `service`.
const SERIES_OF_SERVICES = `
  SELECT fingerprint,
         any(if(labels['service.name'] != '', labels['service.name'], labels['service'])) AS service,
         any(multiIf(temporality = 'delta', 'delta', metric_type = 'sum' AND monotonic, 'cumulative', 'gauge')) AS kind
  FROM metric_series
  WHERE tenant = {tenant:String}
  GROUP BY fingerprint
  HAVING service != '' AND ({all:Bool} OR service IN {services:Array(String)})`;
const SAMPLE_RANGE = 'time >= fromUnixTimestamp64Milli({from:Int64}) AND time < fromUnixTimestamp64Milli({to:Int64})';

/**
 * Reads the telemetry around an incident for root-cause ranking: metric buckets of the involved
 * services (ingest's span RED series included), raw spans (whole traces sampled beyond a bound),
 * logs. Bounded reads only: an incident in a large tenant must not pull the store into memory.
 */
export class RcaWindowRepository {
  constructor(private readonly store: Store) {}

  private params(query: WindowQuery) {
    return { tenant: query.tenant, from: query.fromMillis, to: query.toMillis, all: query.services === null, services: [...(query.services ?? [])] };
  }

  /** Samples and histogram means per (service, metric, bucket of `stepMillis`). */
  async metricBuckets(query: WindowQuery, stepMillis: number): Promise<MetricBucketRow[]> {
    const params = { ...this.params(query), step: Math.max(1, Math.round(stepMillis / 1000)) };
    const samples = await this.store.query<{ service: string; metric: string; kind: MetricBucketRow['kind']; bucket_ms: string; value: number }>(
      `SELECT service, metric, kind, bucket_ms, if(kind = 'gauge', avg(v), sum(v)) AS value FROM (
         SELECT m.service AS service, s.metric_name AS metric, m.kind AS kind, s.fingerprint AS fingerprint,
                toUnixTimestamp(toStartOfInterval(s.time, toIntervalSecond({step:UInt32}))) * 1000 AS bucket_ms,
                multiIf(m.kind = 'delta', sum(s.value), m.kind = 'cumulative', max(s.value), avg(s.value)) AS v
         FROM metric_samples AS s
         INNER JOIN (${SERIES_OF_SERVICES}) AS m ON s.fingerprint = m.fingerprint
         WHERE s.tenant = {tenant:String} AND s.${SAMPLE_RANGE}
         GROUP BY service, metric, kind, fingerprint, bucket_ms)
       GROUP BY service, metric, kind, bucket_ms
       ORDER BY service, metric, bucket_ms
       LIMIT 200000`,
      params,
    );
    const histograms = await this.store.query<{ service: string; metric: string; bucket_ms: string; value: number }>(
      `SELECT m.service AS service, h.metric_name AS metric,
              toUnixTimestamp(toStartOfInterval(h.time, toIntervalSecond({step:UInt32}))) * 1000 AS bucket_ms,
              sum(h.sum) / sum(h.count) AS value
       FROM metric_histograms AS h
       INNER JOIN (${SERIES_OF_SERVICES}) AS m ON h.fingerprint = m.fingerprint
       WHERE h.tenant = {tenant:String} AND h.${SAMPLE_RANGE}
       GROUP BY service, metric, bucket_ms
       HAVING sum(h.count) > 0
       ORDER BY service, metric, bucket_ms
       LIMIT 100000`,
      params,
    );
    return [
      ...samples.rows.map((r) => ({ service: r.service, metric: r.metric, kind: r.kind, bucketMillis: Number(r.bucket_ms), value: Number(r.value) })),
      ...histograms.rows.map((r) => ({ service: r.service, metric: r.metric, kind: 'histogram' as const, bucketMillis: Number(r.bucket_ms), value: Number(r.value) })),
    ];
  }

  /** Spans of the services in the range; beyond `maxSpans`, a deterministic sample of whole traces. */
  async spans(query: WindowQuery, maxSpans: number): Promise<SpanRow[]> {
    const params = this.params(query);
    const where = `tenant = {tenant:String} AND ({all:Bool} OR service IN {services:Array(String)})
         AND start_time >= fromUnixTimestamp64Milli({from:Int64}) AND start_time < fromUnixTimestamp64Milli({to:Int64})`;
    const counted = await this.store.query<{ n: string }>(`SELECT count() AS n FROM spans WHERE ${where}`, params);
    const total = Number(counted.rows[0]?.n ?? 0);
    if (total === 0) return [];
    const modulo = Math.max(1, Math.ceil(total / maxSpans));
    const result = await this.store.query<{
      trace_id: string;
      span_id: string;
      parent_span_id: string;
      service: string;
      name: string;
      start_ns: string;
      duration_ns: string;
      status: SpanRow['status'];
    }>(
      `SELECT trace_id, span_id, parent_span_id, service, name, toUnixTimestamp64Nano(start_time) AS start_ns, duration_ns,
              toString(status_code) AS status
       FROM spans
       WHERE ${where} AND cityHash64(trace_id) % {modulo:UInt32} = 0
       LIMIT {limit:UInt32}`,
      { ...params, modulo, limit: maxSpans * 2 },
    );
    return result.rows.map((r) => ({
      traceId: r.trace_id,
      spanId: r.span_id,
      parentSpanId: r.parent_span_id,
      service: r.service,
      operation: r.name,
      startUnixNano: BigInt(r.start_ns),
      durationNanos: Number(r.duration_ns),
      status: r.status,
    }));
  }

  /** Newest `maxLogs` records of the services in the range. */
  async logs(query: WindowQuery, maxLogs: number): Promise<LogRow[]> {
    const result = await this.store.query<{ t: string; service: string; severity: string; body: string; trace_id: string }>(
      `SELECT toUnixTimestamp64Milli(time) AS t, service,
              if(severity_text != '', severity_text, multiIf(severity_number >= 17, 'ERROR', severity_number >= 13, 'WARN', 'INFO')) AS severity,
              body, trace_id
       FROM logs
       WHERE tenant = {tenant:String} AND ({all:Bool} OR service IN {services:Array(String)})
         AND time >= fromUnixTimestamp64Milli({from:Int64}) AND time < fromUnixTimestamp64Milli({to:Int64})
       ORDER BY time DESC
       LIMIT {limit:UInt32}`,
      { ...this.params(query), limit: maxLogs },
    );
    return result.rows.map((r) => ({ timeMillis: Number(r.t), service: r.service, severity: r.severity, body: r.body, traceId: r.trace_id }));
  }
}
