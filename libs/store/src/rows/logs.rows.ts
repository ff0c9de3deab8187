import type { LogBatch } from '@vigil/contracts';
import { bytesToHex } from '@vigil/contracts';
import type { RetentionPolicy } from '../retention';
import { attributesAsText, nanosToDateTime64, splitAttributes } from './attributes';

/** A row of `logs`. */
export interface LogRow {
  tenant: string;
  time: string;
  observed_time: string;
  service: string;
  severity_number: number;
  severity_text: string;
  body: string;
  attributes_string: Record<string, string>;
  attributes_number: Record<string, number>;
  attributes_bool: Record<string, boolean>;
  resource_attributes: Record<string, string>;
  trace_id: string;
  span_id: string;
  flags: number;
  scope_name: string;
  retention_days: number;
}

/** Every record of a batch as rows. A record without a time takes its observed time. */
export function logBatchToRows(batch: LogBatch, retention: RetentionPolicy): LogRow[] {
  return batch.records.map((record) => ({
    tenant: record.tenant,
    time: nanosToDateTime64(record.timeUnixNano === 0n ? record.observedTimeUnixNano : record.timeUnixNano),
    observed_time: nanosToDateTime64(record.observedTimeUnixNano),
    service: record.service,
    severity_number: Math.max(0, Math.min(255, record.severityNumber)),
    severity_text: record.severityText,
    body: record.body,
    ...splitAttributes(record.attributes),
    resource_attributes: attributesAsText(record.resourceAttributes),
    trace_id: bytesToHex(record.traceId),
    span_id: bytesToHex(record.spanId),
    flags: record.flags,
    scope_name: record.scopeName,
    retention_days: retention.days('logs', record.tenant),
  }));
}
