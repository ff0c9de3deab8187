import type { Span, SpanBatch } from '@vigil/contracts';
import { bytesToHex } from '@vigil/contracts';
import type { RetentionPolicy } from '../retention';
import { attributesAsText, nanosToDateTime64, splitAttributes } from './attributes';

/** A row of `spans`. Enum columns take the proto enum numbers (the Enum8 values match). */
export interface SpanRow {
  tenant: string;
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  trace_state: string;
  service: string;
  name: string;
  kind: number;
  start_time: string;
  duration_ns: string;
  status_code: number;
  status_message: string;
  resource_attributes: Record<string, string>;
  attributes_string: Record<string, string>;
  attributes_number: Record<string, number>;
  attributes_bool: Record<string, boolean>;
  events_time: string[];
  events_name: string[];
  events_attributes: Array<Record<string, string>>;
  links_trace_id: string[];
  links_span_id: string[];
  links_attributes: Array<Record<string, string>>;
  scope_name: string;
  scope_version: string;
  retention_days: number;
}

/** A row of `service_edges`: calls from one service to another in one minute. */
export interface ServiceEdgeRow {
  tenant: string;
  /** Start of the minute, Unix seconds. */
  bucket: number;
  parent_service: string;
  child_service: string;
  calls: number;
  errors: number;
  duration_ns_sum: string;
  retention_days: number;
}

/** One span as a row (pure; ids as lowercase hex). */
export function spanToRow(span: Span, retention: RetentionPolicy): SpanRow {
  const duration = span.endTimeUnixNano >= span.startTimeUnixNano ? span.endTimeUnixNano - span.startTimeUnixNano : 0n;
  return {
    tenant: span.tenant,
    trace_id: bytesToHex(span.traceId),
    span_id: bytesToHex(span.spanId),
    parent_span_id: bytesToHex(span.parentSpanId),
    trace_state: span.traceState,
    service: span.service,
    name: span.name,
    kind: span.kind,
    start_time: nanosToDateTime64(span.startTimeUnixNano),
    duration_ns: duration.toString(),
    status_code: span.statusCode,
    status_message: span.statusMessage,
    resource_attributes: attributesAsText(span.resourceAttributes),
    ...splitAttributes(span.attributes),
    events_time: span.events.map((event) => nanosToDateTime64(event.timeUnixNano)),
    events_name: span.events.map((event) => event.name),
    events_attributes: span.events.map((event) => attributesAsText(event.attributes)),
    links_trace_id: span.links.map((link) => bytesToHex(link.traceId)),
    links_span_id: span.links.map((link) => bytesToHex(link.spanId)),
    links_attributes: span.links.map((link) => attributesAsText(link.attributes)),
    scope_name: span.scopeName,
    scope_version: span.scopeVersion,
    retention_days: retention.days('spans', span.tenant),
  };
}

/** Every span of a batch as rows, in batch order. */
export function spanBatchToRows(batch: SpanBatch, retention: RetentionPolicy): SpanRow[] {
  return batch.spans.map((span) => spanToRow(span, retention));
}
