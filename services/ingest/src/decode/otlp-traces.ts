import { create } from '@bufbuild/protobuf';
import type { Span, SpanKind, SpanStatusCode } from '@vigil/contracts';
import { SpanSchema } from '@vigil/contracts';
import type { ExportTraceServiceRequest } from '../gen/opentelemetry/proto/collector/trace/v1/trace_service_pb';
import type { TimeWindow } from '../normalize/series-accumulator';
import { Rejections } from '../normalize/rejections';
import { serviceNameOf, toAttributes } from './otlp-attributes';

/** Spans of one request, normalised, and what was refused. */
export interface DecodedSpans {
  readonly spans: Span[];
  readonly rejections: Rejections;
}

const NANOS_PER_MILLI = 1_000_000n;

/**
 * OTLP spans → `vigil.v1.Span`s. A span is refused (and counted) when its ids have the wrong
 * size, it ends before it starts, or it started outside the accepted time window; the rest of
 * the request is kept (OTLP partial success).
 */
export function normaliseSpans(request: ExportTraceServiceRequest, tenant: string, window: TimeWindow, nowMillis: number): DecodedSpans {
  const rejections = new Rejections();
  const spans: Span[] = [];
  const oldest = BigInt(Math.floor(nowMillis - window.maxPastMillis)) * NANOS_PER_MILLI;
  const newest = BigInt(Math.floor(nowMillis + window.maxFutureMillis)) * NANOS_PER_MILLI;
  for (const resourceSpans of request.resourceSpans) {
    const resourceKv = resourceSpans.resource?.attributes ?? [];
    const service = serviceNameOf(resourceKv);
    const resourceAttributes = toAttributes(resourceKv);
    for (const scopeSpans of resourceSpans.scopeSpans) {
      for (const span of scopeSpans.spans) {
        const problem = idProblem(span.traceId, span.spanId, span.parentSpanId);
        if (problem) {
          rejections.add(problem.reason, `span "${span.name}": ${problem.detail}`);
          continue;
        }
        if (span.endTimeUnixNano < span.startTimeUnixNano) {
          rejections.add('invalid_span_timing', `span "${span.name}" ends before it starts`);
          continue;
        }
        if (span.startTimeUnixNano < oldest) {
          rejections.add('timestamp_too_old', `span "${span.name}" started at ${span.startTimeUnixNano} ns`);
          continue;
        }
        if (span.startTimeUnixNano > newest) {
          rejections.add('timestamp_in_future', `span "${span.name}" starts at ${span.startTimeUnixNano} ns`);
          continue;
        }
        spans.push(
          create(SpanSchema, {
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId,
            traceState: span.traceState,
            tenant,
            service,
            name: span.name,
            kind: span.kind as number as SpanKind, // OTLP and Vigil number span kinds alike
            startTimeUnixNano: span.startTimeUnixNano,
            endTimeUnixNano: span.endTimeUnixNano,
            statusCode: (span.status?.code ?? 0) as number as SpanStatusCode, // and status codes
            statusMessage: span.status?.message ?? '',
            resourceAttributes,
            attributes: toAttributes(span.attributes),
            events: span.events.map((event) => ({ timeUnixNano: event.timeUnixNano, name: event.name, attributes: toAttributes(event.attributes) })),
            links: span.links
              .filter((link) => link.traceId.length === 16 && link.spanId.length === 8)
              .map((link) => ({ traceId: link.traceId, spanId: link.spanId, traceState: link.traceState, attributes: toAttributes(link.attributes) })),
            scopeName: scopeSpans.scope?.name ?? '',
            scopeVersion: scopeSpans.scope?.version ?? '',
          }),
        );
      }
    }
  }
  return { spans, rejections };
}

function idProblem(
  traceId: Uint8Array,
  spanId: Uint8Array,
  parentSpanId: Uint8Array,
): { reason: 'invalid_trace_id' | 'invalid_span_id'; detail: string } | undefined {
  if (traceId.length !== 16 || traceId.every((b) => b === 0)) return { reason: 'invalid_trace_id', detail: `trace id of ${traceId.length} bytes (want 16, not all zero)` };
  if (spanId.length !== 8 || spanId.every((b) => b === 0)) return { reason: 'invalid_span_id', detail: `span id of ${spanId.length} bytes (want 8, not all zero)` };
  if (parentSpanId.length !== 0 && parentSpanId.length !== 8) return { reason: 'invalid_span_id', detail: `parent span id of ${parentSpanId.length} bytes (want 0 or 8)` };
  return undefined;
}

