import { Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { CLOCK } from '@vigil/runtime';
import { type LabelMatcher, METRIC_NAME, ParseError, parseExpr, PromqlEngine, type QueryBudget } from '@vigil/promql';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthGuard } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { collectParams, parseStepMillis, parseTimeMillis } from './prometheus-params';
import { resultData, toPromError } from './prometheus-response';
import { type PromSeries, PrometheusSeriesRepository } from './prometheus-series.repository';
import { PROMQL_ENGINE } from './prometheus.tokens';

interface Clock {
  now(): number;
}

type Params = Map<string, string[]>;

/** Prometheus refuses range queries with more points per series than this. */
const MAX_POINTS_PER_SERIES = 11_000;
/** Prometheus's default query timeout. */
const DEFAULT_TIMEOUT_MILLIS = 120_000;

/**
 * Prometheus's HTTP query API under /prometheus/api/v1 (what Grafana's Prometheus data source
 * calls): GET or form POST, Prometheus's JSON envelope and error types. The API key (Bearer,
 * Basic password or X-API-Key, as Grafana sends it) decides the tenant.
 */
@ApiExcludeController()
@Controller('prometheus/api/v1')
export class PrometheusController {
  constructor(
    private readonly auth: AuthGuard,
    private readonly series: PrometheusSeriesRepository,
    @Inject(PROMQL_ENGINE) private readonly engine: PromqlEngine,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get('query') getQuery(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.handle(request, reply, (caller, params) => this.query(caller, params));
  }
  @Post('query') postQuery(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.handle(request, reply, (caller, params) => this.query(caller, params));
  }
  @Get('query_range') getRange(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.handle(request, reply, (caller, params) => this.queryRange(caller, params));
  }
  @Post('query_range') postRange(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.handle(request, reply, (caller, params) => this.queryRange(caller, params));
  }
  @Get('series') getSeries(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.handle(request, reply, (caller, params) => this.seriesList(caller, params));
  }
  @Post('series') postSeries(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.handle(request, reply, (caller, params) => this.seriesList(caller, params));
  }
  @Get('labels') getLabels(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.handle(request, reply, (caller, params) => this.labelNames(caller, params));
  }
  @Post('labels') postLabels(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.handle(request, reply, (caller, params) => this.labelNames(caller, params));
  }
  @Get('label/:name/values') getLabelValues(@Param('name') name: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.handle(request, reply, (caller, params) => this.labelValues(caller, name, params));
  }
  @Get('metadata') getMetadata(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.handle(request, reply, (caller) => this.metadata(caller));
  }
  @Get('status/buildinfo') getBuildInfo(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.handle(request, reply, async () => ({ version: '3.0.0', revision: 'vigil', branch: 'vigil', buildUser: 'vigil', buildDate: '', goVersion: 'n/a' }));
  }

  private async query(caller: Principal, params: Params): Promise<unknown> {
    const query = required(params, 'query');
    const time = first(params, 'time');
    const timeMillis = time === undefined ? this.clock.now() : parseTimeMillis(time, 'time');
    return resultData(await this.engine.instantQuery(this.series.sourceFor(caller), query, timeMillis, this.budget(params)));
  }

  private async queryRange(caller: Principal, params: Params): Promise<unknown> {
    const query = required(params, 'query');
    const startMillis = parseTimeMillis(required(params, 'start'), 'start');
    const endMillis = parseTimeMillis(required(params, 'end'), 'end');
    const stepMillis = parseStepMillis(required(params, 'step'), 'step');
    if (endMillis < startMillis) throw new ParseError('invalid parameter "end": end timestamp must not be before start time');
    if ((endMillis - startMillis) / stepMillis > MAX_POINTS_PER_SERIES) {
      throw new ParseError('exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
    }
    return resultData(await this.engine.rangeQuery(this.series.sourceFor(caller), query, startMillis, endMillis, stepMillis, this.budget(params)));
  }

  /**
   * Prometheus's `timeout` parameter, capped at the default of 2 minutes; with `stats` (Grafana's
   * query inspector sends `stats=all`) the engine times its stages on a monotonic stopwatch —
   * measurement only, so not the service clock.
   */
  private budget(params: Params): QueryBudget {
    const requested = first(params, 'timeout');
    const timeoutMillis = Math.min(requested ? parseStepMillis(requested, 'timeout') : DEFAULT_TIMEOUT_MILLIS, DEFAULT_TIMEOUT_MILLIS);
    const stopwatch = first(params, 'stats') ? () => performance.now() : undefined;
    return { now: () => this.clock.now(), timeoutMillis, stopwatch };
  }

  private async seriesList(caller: Principal, params: Params): Promise<unknown> {
    const selectors = params.get('match[]') ?? [];
    if (selectors.length === 0) throw new ParseError('no match[] parameter provided');
    const found = new Map<string, Record<string, string>>();
    for (const selector of selectors) {
      for (const s of await this.series.series(caller, matchersOf(selector))) found.set(JSON.stringify(Object.entries(s.labels).sort()), { ...s.labels });
    }
    return [...found.values()];
  }

  private async labelNames(caller: Principal, params: Params): Promise<unknown> {
    const names = new Set<string>();
    for (const s of await this.matchingSeries(caller, params)) {
      for (const name of Object.keys(s.labels)) names.add(name);
      if (s.histogramPart?.kind === 'bucket') names.add('le');
    }
    return [...names].sort();
  }

  private async labelValues(caller: Principal, name: string, params: Params): Promise<unknown> {
    const series = await this.matchingSeries(caller, params);
    const values = new Set<string>(name === 'le' ? await this.series.bucketBounds(caller, series) : []);
    for (const s of series) if (s.labels[name] !== undefined) values.add(s.labels[name]);
    return [...values].sort();
  }

  private async matchingSeries(caller: Principal, params: Params): Promise<PromSeries[]> {
    const selectors = params.get('match[]') ?? ['{__name__=~".+"}'];
    const out: PromSeries[] = [];
    for (const selector of selectors) out.push(...(await this.series.series(caller, matchersOf(selector))));
    return out;
  }

  private async metadata(caller: Principal): Promise<unknown> {
    const out: Record<string, { type: string; help: string; unit: string }[]> = {};
    for (const { metric, names } of await this.series.catalog(caller)) {
      const type = metric.metricType === 'sum' ? (metric.monotonic ? 'counter' : 'gauge') : metric.metricType;
      out[names[0].replace(/_bucket$/, '')] = [{ type, help: '', unit: metric.unit }];
    }
    return out;
  }

  private async handle(request: FastifyRequest, reply: FastifyReply, run: (caller: Principal, params: Params) => Promise<unknown>): Promise<void> {
    try {
      const caller = await this.auth.authenticate(request.headers, request.ip);
      const data = await run(caller, collectParams(request.query, request.body));
      await reply.status(200).header('content-type', 'application/json').send(JSON.stringify({ status: 'success', data }));
    } catch (error) {
      const { status, body } = toPromError(error);
      await reply.status(status).header('content-type', 'application/json').send(JSON.stringify(body));
    }
  }
}

function first(params: Params, name: string): string | undefined {
  return params.get(name)?.[0];
}

function required(params: Params, name: string): string {
  const value = first(params, name);
  if (value === undefined || value === '') throw new ParseError(`invalid parameter "${name}": missing`);
  return value;
}

function matchersOf(selector: string): LabelMatcher[] {
  const expr = parseExpr(selector);
  if (expr.kind !== 'vector') throw new ParseError(`invalid parameter "match[]": ${selector} is not a series selector`);
  return expr.matchers.length > 0 ? [...expr.matchers] : [{ name: METRIC_NAME, op: '=~', value: '.+' }];
}
