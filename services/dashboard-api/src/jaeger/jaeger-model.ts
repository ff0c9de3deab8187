/**
 * Jaeger's query-service JSON model (model/json in jaeger), what Jaeger UI and Grafana's
 * Jaeger data source read. Times and durations are integer microseconds.
 */
export interface JaegerTag {
  readonly key: string;
  readonly type: 'string' | 'bool' | 'int64' | 'float64';
  readonly value: string | number | boolean;
}

export interface JaegerSpan {
  readonly traceID: string;
  readonly spanID: string;
  readonly operationName: string;
  readonly references: readonly { refType: 'CHILD_OF' | 'FOLLOWS_FROM'; traceID: string; spanID: string }[];
  readonly startTime: number;
  readonly duration: number;
  readonly tags: readonly JaegerTag[];
  readonly logs: readonly { timestamp: number; fields: readonly JaegerTag[] }[];
  readonly processID: string;
  readonly warnings: null;
  readonly flags: number;
}

export interface JaegerTrace {
  readonly traceID: string;
  readonly spans: readonly JaegerSpan[];
  readonly processes: Readonly<Record<string, { serviceName: string; tags: readonly JaegerTag[] }>>;
  readonly warnings: null;
}

/** A span row as read from the `spans` table. */
export interface SpanRow {
  readonly trace_id: string;
  readonly span_id: string;
  readonly parent_span_id: string;
  readonly service: string;
  readonly name: string;
  readonly kind: string;
  readonly start_ns: string;
  readonly duration_ns: string;
  readonly status_code: string;
  readonly status_message: string;
  readonly resource_attributes: Record<string, string>;
  readonly attributes_string: Record<string, string>;
  readonly attributes_number: Record<string, number>;
  readonly attributes_bool: Record<string, boolean | number>;
  readonly events_ns: string[];
  readonly events_name: string[];
  readonly events_attributes: Record<string, string>[];
  readonly links_trace_id: string[];
  readonly links_span_id: string[];
  readonly scope_name: string;
  readonly scope_version: string;
}

const micros = (ns: string) => Number(BigInt(ns) / 1000n);

function numberTag(key: string, value: number): JaegerTag {
  return Number.isInteger(value) ? { key, type: 'int64', value } : { key, type: 'float64', value };
}

/** Span attributes as tags, plus the tags Jaeger's OTLP translator adds (span.kind, otel.status_code, error). */
function spanTags(row: SpanRow): JaegerTag[] {
  const tags: JaegerTag[] = [];
  for (const [key, value] of Object.entries(row.attributes_string)) tags.push({ key, type: 'string', value });
  for (const [key, value] of Object.entries(row.attributes_number)) tags.push(numberTag(key, value));
  for (const [key, value] of Object.entries(row.attributes_bool)) tags.push({ key, type: 'bool', value: Boolean(value) });
  if (row.kind !== 'unspecified' && row.kind !== 'internal') tags.push({ key: 'span.kind', type: 'string', value: row.kind });
  if (row.status_code === 'error') {
    tags.push({ key: 'otel.status_code', type: 'string', value: 'ERROR' }, { key: 'error', type: 'bool', value: true });
    if (row.status_message) tags.push({ key: 'otel.status_description', type: 'string', value: row.status_message });
  } else if (row.status_code === 'ok') tags.push({ key: 'otel.status_code', type: 'string', value: 'OK' });
  if (row.scope_name) tags.push({ key: 'otel.scope.name', type: 'string', value: row.scope_name });
  if (row.scope_version) tags.push({ key: 'otel.scope.version', type: 'string', value: row.scope_version });
  return tags.sort((a, b) => a.key.localeCompare(b.key));
}

/** Spans of one trace → a Jaeger trace: one process per distinct (service, resource attributes). */
export function toJaegerTrace(traceId: string, rows: readonly SpanRow[]): JaegerTrace {
  const processes: Record<string, { serviceName: string; tags: JaegerTag[] }> = {};
  const processIds = new Map<string, string>();
  const spans = rows.map((row): JaegerSpan => {
    const resourceTags = Object.entries(row.resource_attributes)
      .filter(([key]) => key !== 'service.name')
      .map(([key, value]): JaegerTag => ({ key, type: 'string', value }))
      .sort((a, b) => a.key.localeCompare(b.key));
    const processKey = JSON.stringify([row.service, resourceTags]);
    let processID = processIds.get(processKey);
    if (!processID) {
      processID = `p${processIds.size + 1}`;
      processIds.set(processKey, processID);
      processes[processID] = { serviceName: row.service, tags: resourceTags };
    }
    const references: JaegerSpan['references'][number][] = [];
    if (row.parent_span_id) references.push({ refType: 'CHILD_OF', traceID: row.trace_id, spanID: row.parent_span_id });
    row.links_trace_id.forEach((linkTrace, i) => references.push({ refType: 'FOLLOWS_FROM', traceID: linkTrace, spanID: row.links_span_id[i] }));
    return {
      traceID: row.trace_id,
      spanID: row.span_id,
      operationName: row.name,
      references,
      startTime: micros(row.start_ns),
      duration: micros(row.duration_ns),
      tags: spanTags(row),
      logs: row.events_ns.map((ns, i) => ({
        timestamp: micros(ns),
        fields: [{ key: 'event', type: 'string' as const, value: row.events_name[i] }, ...Object.entries(row.events_attributes[i] ?? {}).map(([key, value]) => ({ key, type: 'string' as const, value }))],
      })),
      processID,
      warnings: null,
      flags: 1,
    };
  });
  spans.sort((a, b) => a.startTime - b.startTime);
  return { traceID: traceId, spans, processes, warnings: null };
}
