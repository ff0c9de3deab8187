import type { LogBatch } from '@vigil/contracts';
import type { RetentionPolicy } from '../retention';
import { logBatchToRows } from '../rows/logs.rows';
import type { Store } from '../store';

/** One stored log record. */
export interface StoredLog {
  readonly timeUnixNano: bigint;
  readonly service: string;
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: string;
  readonly attributesString: Readonly<Record<string, string>>;
  readonly traceId: string;
  readonly spanId: string;
}

/** Which records to read: a tenant, [from, to) in Unix ms, optionally one service or trace. */
export interface LogQuery {
  readonly tenant: string;
  readonly fromUnixMs: number;
  readonly toUnixMs: number;
  readonly service?: string;
  /** Lowercase hex trace id. */
  readonly traceId?: string;
  /** Only records at or above this severity number. */
  readonly minSeverityNumber?: number;
  /** Default 1000. */
  readonly limit?: number;
}

/** Log records. */
export class LogsRepository {
  constructor(
    private readonly store: Store,
    private readonly retention: RetentionPolicy,
  ) {}

  /** Stores a log batch. */
  async insertLogBatch(batch: LogBatch, options: { deduplicationToken?: string } = {}): Promise<number> {
    const rows = logBatchToRows(batch, this.retention);
    if (rows.length > 0) await this.store.insert('logs', rows, { deduplicationToken: options.deduplicationToken && `${options.deduplicationToken}/logs` });
    return rows.length;
  }

  /** Newest records first. */
  async readLogs(query: LogQuery): Promise<StoredLog[]> {
    const result = await this.store.query<{
      time_ns: string;
      service: string;
      severity_number: number;
      severity_text: string;
      body: string;
      attributes_string: Record<string, string>;
      trace_id: string;
      span_id: string;
    }>(
      `SELECT toUnixTimestamp64Nano(time) AS time_ns, service, severity_number, severity_text, body, attributes_string, trace_id, span_id
       FROM logs
       WHERE tenant = {tenant:String}
         AND time >= fromUnixTimestamp64Milli({from:Int64}) AND time < fromUnixTimestamp64Milli({to:Int64})
         AND ({service:String} = '' OR service = {service:String})
         AND ({traceId:String} = '' OR trace_id = {traceId:String})
         AND severity_number >= {minSeverity:UInt8}
       ORDER BY time DESC
       LIMIT {limit:UInt32}`,
      {
        tenant: query.tenant,
        from: query.fromUnixMs,
        to: query.toUnixMs,
        service: query.service ?? '',
        traceId: query.traceId ?? '',
        minSeverity: query.minSeverityNumber ?? 0,
        limit: query.limit ?? 1000,
      },
    );
    return result.rows.map((row) => ({
      timeUnixNano: BigInt(row.time_ns),
      service: row.service,
      severityNumber: Number(row.severity_number),
      severityText: row.severity_text,
      body: row.body,
      attributesString: row.attributes_string,
      traceId: row.trace_id,
      spanId: row.span_id,
    }));
  }
}
