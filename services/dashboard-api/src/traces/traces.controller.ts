import { Get, Inject, Param } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import { CLOCK, type Clock } from '@vigil/runtime';
import { z } from 'zod/v4';
import { Caller, type Principal } from '../auth/principal';
import { ApiController } from '../http/api-controller.decorator';
import { decodeCursor, page, pageSchema, resolveWindow, timeValue, windowFields } from '../http/pagination';
import { Problem } from '../http/problem';
import { ApiQueryFrom, ApiResult, ParsedQuery } from '../http/schema';
import { buildSpanTree, type SpanNode } from './span-tree';
import { TracesReadRepository } from './traces-read.repository';

/** About 31 years: longer than any span, and × 1e6 still fits UInt64 nanoseconds. */
const MAX_DURATION_MILLIS = 1e12;

const traceQuery = z.object({
  ...windowFields,
  service: z.string().optional(), operation: z.string().optional(), status: z.enum(['unset', 'ok', 'error']).optional(),
  // Bounded so nanoseconds fit ClickHouse's UInt64 (a fuzzer's 5e307 was a 500; now a 400).
  minDurationMillis: z.coerce.number().min(0).max(MAX_DURATION_MILLIS).optional(),
  maxDurationMillis: z.coerce.number().min(0).max(MAX_DURATION_MILLIS).optional(),
  attribute: z.string().regex(/^[^=]+=.*$/).optional().describe('key=value on span or resource attributes'),
});
const mapQuery = z.object({ from: timeValue.optional(), to: timeValue.optional() });
const logQuery = z.object({
  ...windowFields, text: z.string().optional(), service: z.string().optional(), traceId: z.string().regex(/^[0-9a-fA-F]{32}$/).optional(),
  minSeverity: z.coerce.number().int().min(0).max(24).optional().describe('OpenTelemetry severity number (9 info, 13 warn, 17 error)'),
});
const spanSummary = z.object({ traceId: z.string(), spanId: z.string(), service: z.string(), operation: z.string(), startTime: z.string(), startUnixNano: z.string(), durationMillis: z.number(), status: z.string() });
const spanNode: z.ZodType<SpanNode> = z.lazy(() =>
  z.object({
    spanId: z.string(), parentSpanId: z.string(), service: z.string(), operation: z.string(), kind: z.string(), startTime: z.string(), startUnixNano: z.string(),
    durationMillis: z.number(), status: z.string(), statusMessage: z.string(),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])), resource: z.record(z.string(), z.string()),
    events: z.array(z.object({ name: z.string(), time: z.string(), attributes: z.record(z.string(), z.string()) })),
    links: z.array(z.object({ traceId: z.string(), spanId: z.string() })),
    children: z.array(spanNode),
  }),
).meta({ id: 'SpanNode' }) as z.ZodType<SpanNode>;
const traceSchema = z.object({ traceId: z.string(), spanCount: z.number().int(), roots: z.array(spanNode) });
const serviceMapSchema = z.object({
  windowSeconds: z.number(),
  nodes: z.array(z.object({ service: z.string(), requestRatePerSecond: z.number(), errorRate: z.number(), p50Millis: z.number(), p95Millis: z.number(), p99Millis: z.number() })),
  edges: z.array(z.object({ parent: z.string(), child: z.string(), requestRatePerSecond: z.number(), errorRate: z.number(), meanLatencyMillis: z.number() })),
});
const logSchema = z.object({
  time: z.string(), service: z.string(), severityNumber: z.number(), severity: z.string(), body: z.string(), traceId: z.string(), spanId: z.string(),
  attributes: z.record(z.string(), z.string()), traceLink: z.string().nullable(),
});

/** Trace search, traces as span trees, the service map and log search. */
@ApiController('', 'traces')
export class TracesController {
  constructor(
    private readonly traces: TracesReadRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('traces')
  @ApiOperation({ summary: 'Traces with a span matching service/operation/status/duration/attribute, newest first' })
  @ApiQueryFrom(traceQuery)
  @ApiResult(pageSchema(spanSummary))
  async search(@Caller() caller: Principal, @ParsedQuery(traceQuery) query: z.infer<typeof traceQuery>) {
    const window = resolveWindow(query, this.clock.now());
    const [attributeKey, ...value] = query.attribute?.split('=') ?? [];
    const items = await this.traces.searchSpans(caller, {
      ...window, limit: query.limit, before: decodeCursor(query.cursor), service: query.service, operation: query.operation, status: query.status,
      minDurationMillis: query.minDurationMillis, maxDurationMillis: query.maxDurationMillis, attributeKey, attributeValue: value.join('='),
    });
    return page(items, query.limit, (s) => ({ atMillis: Date.parse(s.startTime), id: s.spanId }));
  }

  @Get('traces/:traceId')
  @ApiOperation({ summary: 'One trace as a span tree with events and links' })
  @ApiParam({ name: 'traceId', schema: { type: 'string', pattern: '^[0-9a-fA-F]{32}$' } })
  @ApiResult(traceSchema, 200, { notFound: true })
  async trace(@Caller() caller: Principal, @Param('traceId') traceId: string) {
    if (!/^[0-9a-fA-F]{32}$/.test(traceId)) throw new Problem(400, 'invalid_trace_id', `a trace id is 32 hex characters, got "${traceId}"`);
    const spans = await this.traces.trace(caller, traceId.toLowerCase());
    if (spans.length === 0) throw new Problem(404, 'trace_not_found', `no trace ${traceId} in tenant "${caller.tenant}"; it may be outside retention or not ingested yet`);
    return { traceId: traceId.toLowerCase(), spanCount: spans.length, roots: buildSpanTree(spans) };
  }

  @Get('service-map')
  @ApiOperation({ summary: 'Services and the calls between them over a window (default: the last hour)' })
  @ApiQueryFrom(mapQuery)
  @ApiResult(serviceMapSchema)
  async serviceMap(@Caller() caller: Principal, @ParsedQuery(mapQuery) query: z.infer<typeof mapQuery>) {
    const { fromMillis, toMillis } = resolveWindow(query, this.clock.now());
    const seconds = Math.max(1, (toMillis - fromMillis) / 1000);
    const [edges, stats] = await Promise.all([this.traces.serviceEdges(caller, fromMillis, toMillis), this.traces.serviceStats(caller, fromMillis, toMillis)]);
    return {
      windowSeconds: seconds,
      nodes: stats.map((s) => ({ service: s.service, requestRatePerSecond: s.spans / seconds, errorRate: s.spans ? s.errors / s.spans : 0, p50Millis: s.p50Millis, p95Millis: s.p95Millis, p99Millis: s.p99Millis })),
      edges: edges.map((e) => ({ parent: e.parent, child: e.child, requestRatePerSecond: e.calls / seconds, errorRate: e.calls ? e.errors / e.calls : 0, meanLatencyMillis: e.calls ? e.durationNanosSum / e.calls / 1e6 : 0 })),
    };
  }

  @Get('logs')
  @ApiOperation({ summary: 'Log search by text, severity, service and trace id, newest first' })
  @ApiQueryFrom(logQuery)
  @ApiResult(pageSchema(logSchema))
  async logs(@Caller() caller: Principal, @ParsedQuery(logQuery) query: z.infer<typeof logQuery>) {
    const window = resolveWindow(query, this.clock.now());
    const items = await this.traces.logs(caller, { ...window, limit: query.limit, before: decodeCursor(query.cursor), text: query.text, service: query.service, minSeverity: query.minSeverity, traceId: query.traceId });
    return page(items, query.limit, (l) => ({ atMillis: Date.parse(l.time), id: l.spanId }));
  }
}
