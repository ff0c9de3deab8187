import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { END_OF_TIME_MILLIS } from '../http/pagination';
import { TenantStore } from '../tenant-store';

type Row = Record<string, unknown>;
const iso = (ns: string) => new Date(Number(BigInt(ns) / 1_000_000n)).toISOString();

export interface TraceSearch {
  fromMillis: number;
  toMillis: number;
  limit: number;
  before?: { atMillis: number; id: string };
  service?: string;
  operation?: string;
  status?: string;
  minDurationMillis?: number;
  maxDurationMillis?: number;
  attributeKey?: string;
  attributeValue?: string;
}

/** Spans, traces, the service map and logs (tenant bound by TenantStore). */
@Injectable()
export class TracesReadRepository {
  constructor(private readonly store: TenantStore) {}

  /** Matching spans (one per trace: the first match), newest first. */
  async searchSpans(caller: Principal, q: TraceSearch) {
    const rows = await this.store.query<Row>(
      caller,
      `SELECT trace_id, span_id, service, name, toUnixTimestamp64Nano(start_time) AS start_ns, duration_ns, toString(status_code) AS status
       FROM spans
       WHERE tenant = {tenant:String} AND start_time >= fromUnixTimestamp64Milli({from:Int64}) AND start_time <= fromUnixTimestamp64Milli({to:Int64})
         AND ({service:String} = '' OR service = {service:String}) AND ({operation:String} = '' OR name = {operation:String})
         AND ({status:String} = '' OR toString(status_code) = {status:String})
         AND duration_ns >= {minNs:UInt64} AND duration_ns <= {maxNs:UInt64}
         AND ({attrKey:String} = '' OR attributes_string[{attrKey:String}] = {attrValue:String} OR resource_attributes[{attrKey:String}] = {attrValue:String})
         AND (start_time, span_id) < (fromUnixTimestamp64Milli({beforeAt:Int64}), {beforeId:String})
       ORDER BY start_time DESC, span_id DESC LIMIT 1 BY trace_id LIMIT {limit:UInt32}`,
      {
        from: q.fromMillis, to: q.toMillis, service: q.service ?? '', operation: q.operation ?? '', status: q.status ?? '',
        minNs: BigInt(Math.round((q.minDurationMillis ?? 0) * 1e6)), maxNs: BigInt(Math.round((q.maxDurationMillis ?? 1e12) * 1e6)),
        attrKey: q.attributeKey ?? '', attrValue: q.attributeValue ?? '',
        beforeAt: q.before?.atMillis ?? END_OF_TIME_MILLIS, beforeId: q.before?.id ?? '', limit: q.limit,
      },
    );
    return rows.map((r) => ({
      traceId: String(r.trace_id), spanId: String(r.span_id), service: String(r.service), operation: String(r.name), startTime: iso(String(r.start_ns)),
      startUnixNano: String(r.start_ns), durationMillis: Number(r.duration_ns) / 1e6, status: String(r.status),
    }));
  }

  /**
   * Every span of a trace, in one query: the trace's time range from trace_index (a scalar
   * subquery, evaluated before index analysis) prunes day partitions, and within a partition the
   * `spans_by_trace` projection (migration 010) holds the trace's spans in adjacent rows.
   */
  async trace(caller: Principal, traceId: string) {
    const rows = await this.store.query<Row>(
      caller,
      `WITH (SELECT (min(min_start_time), max(max_end_time)) FROM trace_index WHERE tenant = {tenant:String} AND trace_id = {traceId:String}) AS range
       SELECT span_id, parent_span_id, service, name, toString(kind) AS kind, toUnixTimestamp64Nano(start_time) AS start_ns, duration_ns,
              toString(status_code) AS status, status_message, attributes_string, attributes_number, attributes_bool, resource_attributes,
              arrayMap(t -> toUnixTimestamp64Nano(t), events_time) AS events_ns, events_name, events_attributes, links_trace_id, links_span_id
       FROM spans
       WHERE tenant = {tenant:String} AND trace_id = {traceId:String} AND start_time >= range.1 AND start_time <= range.2
       ORDER BY start_time, span_id`,
      { traceId },
    );
    return rows.map((r) => ({
      spanId: String(r.span_id), parentSpanId: String(r.parent_span_id), service: String(r.service), operation: String(r.name), kind: String(r.kind),
      startTime: iso(String(r.start_ns)), startUnixNano: String(r.start_ns), durationMillis: Number(r.duration_ns) / 1e6, status: String(r.status), statusMessage: String(r.status_message),
      attributes: { ...(r.attributes_string as Record<string, string>), ...(r.attributes_number as Record<string, number>), ...(r.attributes_bool as Record<string, boolean>) } as Record<string, string | number | boolean>,
      resource: r.resource_attributes as Record<string, string>,
      events: (r.events_name as string[]).map((name, i) => ({ name, time: iso(String((r.events_ns as string[])[i])), attributes: (r.events_attributes as Record<string, string>[])[i] })),
      links: (r.links_trace_id as string[]).map((linkTrace, i) => ({ traceId: linkTrace, spanId: (r.links_span_id as string[])[i] })),
    }));
  }

  /** Calls between services over a window, with rates and latency (from spans for percentiles). */
  async serviceEdges(caller: Principal, fromMillis: number, toMillis: number) {
    const rows = await this.store.query<Row>(
      caller,
      `SELECT parent_service, child_service, sum(calls) AS calls, sum(errors) AS errors, sum(duration_ns_sum) AS duration_sum
       FROM service_edges
       WHERE tenant = {tenant:String} AND bucket >= toStartOfMinute(fromUnixTimestamp64Milli({from:Int64})) AND bucket < fromUnixTimestamp64Milli({to:Int64})
       GROUP BY parent_service, child_service ORDER BY parent_service, child_service`,
      { from: fromMillis, to: toMillis },
    );
    return rows.map((r) => ({ parent: String(r.parent_service), child: String(r.child_service), calls: Number(r.calls), errors: Number(r.errors), durationNanosSum: Number(r.duration_sum) }));
  }

  /** Per service: server/consumer span count, errors, latency percentiles. */
  async serviceStats(caller: Principal, fromMillis: number, toMillis: number) {
    const rows = await this.store.query<Row>(
      caller,
      `SELECT service, count() AS spans, countIf(status_code = 'error') AS errors, quantiles(0.5, 0.95, 0.99)(duration_ns) AS q
       FROM spans
       WHERE tenant = {tenant:String} AND start_time >= fromUnixTimestamp64Milli({from:Int64}) AND start_time < fromUnixTimestamp64Milli({to:Int64})
         AND kind IN ('server', 'consumer')
       GROUP BY service ORDER BY service`,
      { from: fromMillis, to: toMillis },
    );
    return rows.map((r) => {
      const q = (r.q as number[]).map((ns) => Number(ns) / 1e6);
      return { service: String(r.service), spans: Number(r.spans), errors: Number(r.errors), p50Millis: q[0] ?? 0, p95Millis: q[1] ?? 0, p99Millis: q[2] ?? 0 };
    });
  }

  async logs(caller: Principal, q: { fromMillis: number; toMillis: number; limit: number; before?: { atMillis: number; id: string }; text?: string; service?: string; minSeverity?: number; traceId?: string }) {
    const rows = await this.store.query<Row>(
      caller,
      `SELECT toUnixTimestamp64Nano(time) AS ns, service, severity_number, severity_text, body, trace_id, span_id, attributes_string, cityHash64(body, span_id) AS h
       FROM logs
       WHERE tenant = {tenant:String} AND time >= fromUnixTimestamp64Milli({from:Int64}) AND time <= fromUnixTimestamp64Milli({to:Int64})
         AND ({service:String} = '' OR service = {service:String}) AND severity_number >= {minSeverity:UInt8}
         AND ({traceId:String} = '' OR trace_id = {traceId:String})
         AND ({text:String} = '' OR positionCaseInsensitive(body, {text:String}) > 0)
         AND time < fromUnixTimestamp64Milli({beforeAt:Int64})
       ORDER BY time DESC LIMIT {limit:UInt32}`,
      {
        from: q.fromMillis, to: q.toMillis, service: q.service ?? '', minSeverity: q.minSeverity ?? 0, traceId: (q.traceId ?? '').toLowerCase(), text: q.text ?? '',
        beforeAt: q.before?.atMillis ?? END_OF_TIME_MILLIS, limit: q.limit,
      },
    );
    return rows.map((r) => ({
      time: iso(String(r.ns)), service: String(r.service), severityNumber: Number(r.severity_number), severity: String(r.severity_text), body: String(r.body),
      traceId: String(r.trace_id), spanId: String(r.span_id), attributes: r.attributes_string as Record<string, string>,
      traceLink: r.trace_id ? `/api/v1/traces/${String(r.trace_id)}` : null,
    }));
  }
}
