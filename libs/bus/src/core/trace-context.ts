import type { Context, Link } from '@opentelemetry/api';
import { ROOT_CONTEXT, context, propagation, trace } from '@opentelemetry/api';
import type { MessageHeaders } from '../bus.port';

/**
 * Headers to send: the caller's, plus the active trace context (W3C `traceparent`/`tracestate`
 * with the propagator `libs/observability` registers) unless the caller set one already, e.g.
 * when re-publishing a message on behalf of its original producer.
 */
export function headersWithTraceContext(headers: MessageHeaders | undefined): Record<string, string> {
  const carrier: Record<string, string> = { ...headers };
  if (carrier.traceparent === undefined) propagation.inject(context.active(), carrier);
  return carrier;
}

/** The producer's trace context carried in a consumed message's headers (ROOT_CONTEXT if none). */
export function traceContextOf(headers: MessageHeaders): Context {
  return propagation.extract(ROOT_CONTEXT, headers);
}

/** Span links to the producers of a batch, at most `limit` (spans get heavy with thousands). */
export function producerLinks(contexts: readonly Context[], limit = 32): Link[] {
  const links: Link[] = [];
  for (const ctx of contexts) {
    const spanContext = trace.getSpanContext(ctx);
    if (spanContext && trace.isSpanContextValid(spanContext)) links.push({ context: spanContext });
    if (links.length >= limit) break;
  }
  return links;
}
