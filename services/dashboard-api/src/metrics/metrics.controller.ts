import { Get, Param } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { z } from 'zod/v4';
import { Caller, type Principal } from '../auth/principal';
import { ApiController } from '../http/api-controller.decorator';
import { decodeCursor, encodeCursor, timeValue } from '../http/pagination';
import { AGGREGATIONS, FUNCTIONS } from './range-plan';
import { RangeQueryService, selectorOf } from './range-query.service';
import { ApiQueryFrom, ApiResult, ParsedQuery } from '../http/schema';
import { MetricsReadRepository } from './metrics-read.repository';
import { anomalySchema } from '../events/event-schemas';

const searchQuery = z.object({ search: z.string().default(''), metric: z.string().optional(), limit: z.coerce.number().int().min(1).max(10_000).default(1_000) });
const seriesQuery = z.object({
  selector: z.string().min(1).describe('PromQL series selector, e.g. http_requests_total{job="api",code=~"5.."}'),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  cursor: z.string().optional(),
});
export const rangeQuerySchema = z.object({
  selector: z.string().min(1).describe('PromQL series selector with a metric name'),
  from: timeValue.optional(),
  to: timeValue.optional(),
  stepSeconds: z.coerce.number().int().min(1).max(86_400 * 7).default(60),
  aggregation: z.enum(AGGREGATIONS).default('avg'),
  fn: z.enum(FUNCTIONS).default('none').describe('rate/increase for counters (resets handled)'),
  groupBy: z.string().optional().describe('comma-separated labels; absent = one result per series, empty = all series together'),
  overlay: z.enum(['none', 'anomalies']).default('none'),
});
const seriesInfoSchema = z.object({ fingerprint: z.string(), metric: z.string(), labels: z.record(z.string(), z.string()), type: z.string(), unit: z.string() });
export const rangeResultSchema = z.object({
  resolution: z.enum(['raw', '1m', '1h']),
  stepSeconds: z.number().int(),
  series: z.array(z.object({ labels: z.record(z.string(), z.string()), points: z.array(z.array(z.number().nullable()).min(2).max(2).describe('[unix milliseconds, value or null]')) })),
  anomalies: z.array(anomalySchema).optional(),
});


/** Metric catalogue (names, labels, series) and range queries. */
@ApiController('metrics', 'metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsReadRepository,
    private readonly ranges: RangeQueryService,
  ) {}

  @Get('names')
  @ApiOperation({ summary: 'Metric names, optionally containing `search` (case-insensitive)' })
  @ApiQueryFrom(searchQuery)
  @ApiResult(z.object({ items: z.array(z.string()) }))
  async names(@Caller() caller: Principal, @ParsedQuery(searchQuery) query: z.infer<typeof searchQuery>) {
    return { items: await this.metrics.metricNames(caller, query.search, query.limit) };
  }

  @Get('labels')
  @ApiOperation({ summary: 'Label names, of one metric or all' })
  @ApiQueryFrom(searchQuery)
  @ApiResult(z.object({ items: z.array(z.string()) }))
  async labels(@Caller() caller: Principal, @ParsedQuery(searchQuery) query: z.infer<typeof searchQuery>) {
    const names = await this.metrics.labelNames(caller, query.metric, query.limit);
    return { items: names.filter((name) => name.toLowerCase().includes(query.search.toLowerCase())) };
  }

  @Get('labels/:label/values')
  @ApiOperation({ summary: 'Values of one label, optionally containing `search`' })
  @ApiQueryFrom(searchQuery)
  @ApiResult(z.object({ items: z.array(z.string()) }))
  async labelValues(@Caller() caller: Principal, @Param('label') label: string, @ParsedQuery(searchQuery) query: z.infer<typeof searchQuery>) {
    return { items: await this.metrics.labelValues(caller, label, query.metric, query.search, query.limit) };
  }

  @Get('series')
  @ApiOperation({ summary: 'Series matching a selector (cursor-paginated)' })
  @ApiQueryFrom(seriesQuery)
  @ApiResult(z.object({ items: z.array(seriesInfoSchema), nextCursor: z.string().optional() }))
  async series(@Caller() caller: Principal, @ParsedQuery(seriesQuery) query: z.infer<typeof seriesQuery>) {
    const after = decodeCursor(query.cursor)?.id ?? '';
    const items = await this.metrics.series(caller, selectorOf(query.selector), query.limit, after);
    const last = items[items.length - 1];
    return items.length === query.limit && last ? { items, nextCursor: encodeCursor({ atMillis: 0, id: `${last.metric}/${last.fingerprint}` }) } : { items };
  }

  @Get('query_range')
  @ApiOperation({ summary: 'Values per step: rollups when the step allows, raw samples otherwise' })
  @ApiQueryFrom(rangeQuerySchema)
  @ApiResult(rangeResultSchema)
  async queryRange(@Caller() caller: Principal, @ParsedQuery(rangeQuerySchema) query: z.infer<typeof rangeQuerySchema>) {
    return this.ranges.range(caller, query);
  }
}
