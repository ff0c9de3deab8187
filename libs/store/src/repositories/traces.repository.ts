import type { SpanBatch } from '@vigil/contracts';
import type { RetentionPolicy } from '../retention';
import { spanBatchToRows } from '../rows/traces.rows';
import type { Store } from '../store';

/** One stored span, as trace views need it. Ids are lowercase hex. */
export interface StoredSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly service: string;
  readonly name: string;
  readonly kind: string;
  readonly startUnixNano: bigint;
  readonly durationNanos: bigint;
  readonly statusCode: 'unset' | 'ok' | 'error';
  readonly statusMessage: string;
  readonly resourceAttributes: Readonly<Record<string, string>>;
  readonly attributesString: Readonly<Record<string, string>>;
  readonly attributesNumber: Readonly<Record<string, number>>;
  readonly attributesBool: Readonly<Record<string, boolean>>;
  readonly events: ReadonlyArray<{ readonly timeUnixNano: bigint; readonly name: string; readonly attributes: Readonly<Record<string, string>> }>;
}

/** Calls from one service to another, derived in the pipeline (see 003-traces.sql). */
export interface ServiceEdge {
  readonly tenant: string;
  /** Start of the minute the calls fall in, Unix ms (rounded down to the minute on insert). */
  readonly minuteUnixMs: number;
  readonly parentService: string;
  readonly childService: string;
  readonly calls: number;
  readonly errors: number;
  readonly durationNanosSum: bigint;
}

interface SpanRowOut {
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  service: string;
  name: string;
  kind: string;
  start_ns: string;
  duration_ns: string;
  status_code: StoredSpan['statusCode'];
  status_message: string;
  resource_attributes: Record<string, string>;
  attributes_string: Record<string, string>;
  attributes_number: Record<string, number>;
  attributes_bool: Record<string, boolean>;
  events_ns: string[];
  events_name: string[];
  events_attributes: Array<Record<string, string>>;
}

/** Spans, the trace lookup and service-graph edges. */
export class TracesRepository {
  constructor(
    private readonly store: Store,
    private readonly retention: RetentionPolicy,
  ) {}

  /** Stores a span batch (the trace index fills itself by materialized view). */
  async insertSpanBatch(batch: SpanBatch, options: { deduplicationToken?: string } = {}): Promise<number> {
    const rows = spanBatchToRows(batch, this.retention);
    if (rows.length > 0) await this.store.insert('spans', rows, { deduplicationToken: options.deduplicationToken && `${options.deduplicationToken}/spans` });
    return rows.length;
  }

  /**
   * Every span of one trace, by start time. Looks the trace's time range up first, so the spans
   * scan touches only the partitions and granules of that range. Empty when the trace is unknown.
   */
  async getTrace(tenant: string, traceIdHex: string): Promise<StoredSpan[]> {
    const range = await this.store.query<{ spans: string; from_ns: string; to_ns: string }>(
      `SELECT sum(span_count) AS spans, toUnixTimestamp64Nano(min(min_start_time)) AS from_ns, toUnixTimestamp64Nano(max(max_end_time)) AS to_ns
       FROM trace_index WHERE tenant = {tenant:String} AND trace_id = {traceId:String}`,
      { tenant, traceId: traceIdHex.toLowerCase() },
    );
    const found = range.rows[0];
    if (!found || Number(found.spans) === 0) return [];
    const result = await this.store.query<SpanRowOut>(
      `SELECT trace_id, span_id, parent_span_id, service, name, toString(kind) AS kind,
              toUnixTimestamp64Nano(start_time) AS start_ns, duration_ns, toString(status_code) AS status_code, status_message,
              resource_attributes, attributes_string, attributes_number, attributes_bool,
              arrayMap(t -> toUnixTimestamp64Nano(t), events_time) AS events_ns, events_name, events_attributes
       FROM spans
       WHERE tenant = {tenant:String} AND trace_id = {traceId:String}
         AND start_time >= fromUnixTimestamp64Nano({fromNs:Int64}) AND start_time <= fromUnixTimestamp64Nano({toNs:Int64})
       ORDER BY start_time, span_id`,
      { tenant, traceId: traceIdHex.toLowerCase(), fromNs: BigInt(found.from_ns), toNs: BigInt(found.to_ns) },
    );
    return result.rows.map((row) => ({
      traceId: row.trace_id,
      spanId: row.span_id,
      parentSpanId: row.parent_span_id,
      service: row.service,
      name: row.name,
      kind: row.kind,
      startUnixNano: BigInt(row.start_ns),
      durationNanos: BigInt(row.duration_ns),
      statusCode: row.status_code,
      statusMessage: row.status_message,
      resourceAttributes: row.resource_attributes,
      attributesString: row.attributes_string,
      attributesNumber: row.attributes_number,
      attributesBool: row.attributes_bool,
      events: row.events_name.map((name, i) => ({ timeUnixNano: BigInt(row.events_ns[i]), name, attributes: row.events_attributes[i] })),
    }));
  }

  /** Adds service-to-service call counts (summed with earlier rows of the same minute). */
  async insertServiceEdges(edges: readonly ServiceEdge[], options: { deduplicationToken?: string } = {}): Promise<void> {
    if (edges.length === 0) return;
    const rows = edges.map((edge) => ({
      tenant: edge.tenant,
      bucket: Math.floor(edge.minuteUnixMs / 60_000) * 60,
      parent_service: edge.parentService,
      child_service: edge.childService,
      calls: edge.calls,
      errors: edge.errors,
      duration_ns_sum: edge.durationNanosSum.toString(),
      retention_days: this.retention.days('spans', edge.tenant),
    }));
    await this.store.insert('service_edges', rows, { deduplicationToken: options.deduplicationToken && `${options.deduplicationToken}/edges` });
  }

  /** The service graph of [from, to): one entry per (parent, child) with totals. */
  async listServiceEdges(tenant: string, fromUnixMs: number, toUnixMs: number): Promise<Omit<ServiceEdge, 'minuteUnixMs' | 'tenant'>[]> {
    const result = await this.store.query<{ parent_service: string; child_service: string; calls: string; errors: string; duration_ns_sum: string }>(
      `SELECT parent_service, child_service, sum(calls) AS calls, sum(errors) AS errors, sum(duration_ns_sum) AS duration_ns_sum
       FROM service_edges
       WHERE tenant = {tenant:String} AND bucket >= toDateTime(intDiv({from:Int64}, 1000)) AND bucket < toDateTime(intDiv({to:Int64}, 1000))
       GROUP BY parent_service, child_service
       ORDER BY parent_service, child_service`,
      { tenant, from: fromUnixMs, to: toUnixMs },
    );
    return result.rows.map((row) => ({
      parentService: row.parent_service,
      childService: row.child_service,
      calls: Number(row.calls),
      errors: Number(row.errors),
      durationNanosSum: BigInt(row.duration_ns_sum),
    }));
  }
}
