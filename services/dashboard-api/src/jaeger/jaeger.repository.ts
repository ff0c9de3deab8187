import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { TenantStore } from '../tenant-store';
import type { SpanRow } from './jaeger-model';

export interface TraceQuery {
  readonly service: string;
  readonly operation?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly minDurationNanos?: bigint;
  readonly maxDurationNanos?: bigint;
  readonly startMicros: number;
  readonly endMicros: number;
  readonly limit: number;
}

const SPAN_COLUMNS = `trace_id, span_id, parent_span_id, service, name, toString(kind) AS kind, toString(toUnixTimestamp64Nano(start_time)) AS start_ns,
  toString(duration_ns) AS duration_ns, toString(status_code) AS status_code, status_message, resource_attributes, attributes_string, attributes_number,
  attributes_bool, arrayMap(t -> toString(toUnixTimestamp64Nano(t)), events_time) AS events_ns, events_name, events_attributes,
  links_trace_id, links_span_id, scope_name, scope_version`;

/** Reads for the Jaeger API: spans, trace_index and service_edges, tenant bound by TenantStore. */
@Injectable()
export class JaegerRepository {
  constructor(private readonly store: TenantStore) {}

  async services(caller: Principal): Promise<string[]> {
    const rows = await this.store.query<{ service: string }>(caller, 'SELECT DISTINCT service FROM spans WHERE tenant = {tenant:String} ORDER BY service');
    return rows.map((r) => r.service);
  }

  async operations(caller: Principal, service: string): Promise<{ name: string; spanKind: string }[]> {
    const rows = await this.store.query<{ name: string; kind: string }>(
      caller,
      'SELECT DISTINCT name, toString(kind) AS kind FROM spans WHERE tenant = {tenant:String} AND service = {service:String} ORDER BY name, kind',
      { service },
    );
    return rows.map((r) => ({ name: r.name, spanKind: r.kind === 'unspecified' ? '' : r.kind }));
  }

  /** Trace ids whose spans match (the most recent traces first), then every span of those traces. */
  async findTraces(caller: Principal, query: TraceQuery): Promise<Map<string, SpanRow[]>> {
    const params: Record<string, string | number | bigint | string[]> = {
      service: query.service,
      operation: query.operation ?? '',
      from: BigInt(Math.floor(query.startMicros)) * 1000n,
      to: BigInt(Math.floor(query.endMicros)) * 1000n,
      minNs: query.minDurationNanos ?? 0n,
      maxNs: query.maxDurationNanos ?? 18446744073709551615n,
      limit: query.limit,
    };
    const tagSql = Object.entries(query.tags)
      .map(([key, value], i) => {
        params[`tk${i}`] = key;
        params[`tv${i}`] = value;
        const k = `{tk${i}:String}`;
        const v = `{tv${i}:String}`;
        return ` AND (attributes_string[${k}] = ${v} OR resource_attributes[${k}] = ${v}
          OR (mapContains(attributes_number, ${k}) AND attributes_number[${k}] = toFloat64OrNull(${v}))
          OR (mapContains(attributes_bool, ${k}) AND toString(attributes_bool[${k}]) = ${v})
          OR (${k} = 'error' AND ${v} = 'true' AND status_code = 'error')
          OR (${k} = 'span.kind' AND toString(kind) = ${v}))`;
      })
      .join('');
    const ids = await this.store.query<{ trace_id: string }>(
      caller,
      `SELECT trace_id FROM spans
       WHERE tenant = {tenant:String} AND service = {service:String} AND ({operation:String} = '' OR name = {operation:String})
         AND start_time >= fromUnixTimestamp64Nano({from:Int64}) AND start_time <= fromUnixTimestamp64Nano({to:Int64})
         AND duration_ns >= {minNs:UInt64} AND duration_ns <= {maxNs:UInt64}${tagSql}
       GROUP BY trace_id ORDER BY max(start_time) DESC LIMIT {limit:UInt32}`,
      params,
    );
    return this.spansOf(caller, ids.map((r) => r.trace_id));
  }

  async spansOf(caller: Principal, traceIds: readonly string[]): Promise<Map<string, SpanRow[]>> {
    const out = new Map<string, SpanRow[]>(traceIds.map((id) => [id, []]));
    if (traceIds.length === 0) return out;
    const rows = await this.store.query<SpanRow>(
      caller,
      `SELECT ${SPAN_COLUMNS} FROM spans
       WHERE tenant = {tenant:String} AND trace_id IN {ids:Array(String)}
         AND start_time >= (SELECT min(min_start_time) FROM trace_index WHERE tenant = {tenant:String} AND trace_id IN {ids:Array(String)})
       ORDER BY start_time`,
      { ids: [...traceIds] },
    );
    for (const row of rows) out.get(row.trace_id)?.push(row);
    return out;
  }

  async dependencies(caller: Principal, fromMillis: number, toMillis: number): Promise<{ parent: string; child: string; callCount: number }[]> {
    const rows = await this.store.query<{ parent: string; child: string; calls: string }>(
      caller,
      `SELECT parent_service AS parent, child_service AS child, toString(sum(calls)) AS calls FROM service_edges
       WHERE tenant = {tenant:String} AND bucket >= toDateTime(intDiv({from:Int64}, 1000)) AND bucket <= toDateTime(intDiv({to:Int64}, 1000))
       GROUP BY parent, child ORDER BY parent, child`,
      { from: fromMillis, to: toMillis },
    );
    return rows.map((r) => ({ parent: r.parent, child: r.child, callCount: Number(r.calls) }));
  }
}
