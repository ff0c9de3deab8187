import { randomUUID } from 'node:crypto';
import { Delete, Get, HttpCode, Inject, Param, Post, Put, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces } from '@nestjs/swagger';
import { CLOCK, type Clock } from '@vigil/runtime';
import type { FastifyReply } from 'fastify';
import { z } from 'zod/v4';
import { Caller, type Principal } from '../auth/principal';
import type { DashboardApiConfig } from '../dashboard-api.config';
import { DASHBOARD_API_CONFIG } from '../dashboard-api.tokens';
import { ApiController } from '../http/api-controller.decorator';
import { decodeCursor, encodeCursor, resolveWindow, timeValue } from '../http/pagination';
import { Problem, toProblem } from '../http/problem';
import { ApiBodyFrom, ApiQueryFrom, ApiResult, ParsedBody, ParsedQuery } from '../http/schema';
import { DashboardsRepository } from './dashboards.repository';
import { toCsv, toTable, WidgetResolver } from './widget-resolver';
import { type DashboardInput, dashboardInputSchema, dashboardSchema, mapBounded } from './widget';

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(1_000).default(100), cursor: z.string().optional() });
const windowQuery = z.object({ from: timeValue.optional(), to: timeValue.optional() });
const exportQuery = windowQuery.extend({ format: z.enum(['json', 'csv']).default('json') });
const resolvedSchema = z.object({
  dashboard: dashboardSchema,
  from: z.string(),
  to: z.string(),
  widgets: z.array(z.object({ id: z.string(), type: z.string(), data: z.unknown().optional(), error: z.object({ status: z.number(), detail: z.string() }).optional() })),
});
const tableSchema = z.object({ columns: z.array(z.string()), rows: z.array(z.array(z.union([z.string(), z.number(), z.null()]))) });

/** Dashboards: CRUD, one call resolving every widget for a window, and widget export. */
@ApiController('dashboards', 'dashboards')
export class DashboardsController {
  constructor(
    private readonly dashboards: DashboardsRepository,
    private readonly resolver: WidgetResolver,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DASHBOARD_API_CONFIG) private readonly config: DashboardApiConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Dashboards of the tenant, by id' })
  @ApiQueryFrom(listQuery)
  @ApiResult(z.object({ items: z.array(dashboardSchema), nextCursor: z.string().optional() }))
  async list(@Caller() caller: Principal, @ParsedQuery(listQuery) query: z.infer<typeof listQuery>) {
    const items = await this.dashboards.list(caller, decodeCursor(query.cursor)?.id ?? '', query.limit);
    const last = items[items.length - 1];
    return items.length === query.limit && last ? { items, nextCursor: encodeCursor({ atMillis: 0, id: last.id }) } : { items };
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Creates a dashboard' })
  @ApiBodyFrom(dashboardInputSchema)
  @ApiResult(dashboardSchema, 201, { write: true })
  async create(@Caller() caller: Principal, @ParsedBody(dashboardInputSchema) body: DashboardInput) {
    return this.dashboards.put(caller, randomUUID(), body, { revision: 1 });
  }

  @Get(':id')
  @ApiOperation({ summary: 'One dashboard' })
  @ApiResult(dashboardSchema, 200, { notFound: true })
  async get(@Caller() caller: Principal, @Param('id') id: string) {
    const { deleted: _deleted, ...dashboard } = await this.mustGet(caller, id);
    return dashboard;
  }

  @Put(':id')
  @ApiOperation({ summary: 'Replaces a dashboard (a new revision)' })
  @ApiBodyFrom(dashboardInputSchema)
  @ApiResult(dashboardSchema, 200, { write: true, notFound: true })
  async replace(@Caller() caller: Principal, @Param('id') id: string, @ParsedBody(dashboardInputSchema) body: DashboardInput) {
    const current = await this.mustGet(caller, id);
    return this.dashboards.put(caller, id, body, { revision: current.revision + 1, builtin: current.builtin });
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Deletes a dashboard (kept as a deleted revision)' })
  @ApiResult(dashboardSchema, 200, { write: true, notFound: true })
  async remove(@Caller() caller: Principal, @Param('id') id: string) {
    const current = await this.mustGet(caller, id);
    return this.dashboards.put(caller, id, current, { revision: current.revision + 1, builtin: current.builtin, deleted: true });
  }

  @Get(':id/data')
  @ApiOperation({ summary: 'Every widget’s data for a window in one call (bounded concurrency; a failing widget carries its error)' })
  @ApiQueryFrom(windowQuery)
  @ApiResult(resolvedSchema, 200, { notFound: true })
  async data(@Caller() caller: Principal, @Param('id') id: string, @ParsedQuery(windowQuery) query: z.infer<typeof windowQuery>) {
    const { deleted: _deleted, ...dashboard } = await this.mustGet(caller, id);
    const window = resolveWindow(query, this.clock.now());
    const widgets = await mapBounded(dashboard.widgets, this.config.dashboardConcurrency, async (widget) => {
      try {
        return { id: widget.id, type: widget.type, data: await this.resolver.resolve(caller, widget, window) };
      } catch (error) {
        const problem = toProblem(error);
        if (problem.status >= 500) throw error;
        return { id: widget.id, type: widget.type, error: { status: problem.status, detail: problem.detail } };
      }
    });
    return { dashboard, from: new Date(window.fromMillis).toISOString(), to: new Date(window.toMillis).toISOString(), widgets };
  }

  @Get(':id/widgets/:widgetId/export')
  @ApiOperation({ summary: 'One widget’s data as JSON (columns + rows) or CSV' })
  @ApiQueryFrom(exportQuery)
  @ApiProduces('application/json', 'text/csv')
  @ApiResult(tableSchema, 200, { notFound: true })
  async export(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @Param('widgetId') widgetId: string,
    @ParsedQuery(exportQuery) query: z.infer<typeof exportQuery>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const dashboard = await this.mustGet(caller, id);
    const widget = dashboard.widgets.find((w) => w.id === widgetId);
    if (!widget) throw new Problem(404, 'widget_not_found', `dashboard "${id}" has no widget "${widgetId}"; its widgets are: ${dashboard.widgets.map((w) => w.id).join(', ')}`);
    const table = toTable(await this.resolver.resolve(caller, widget, resolveWindow(query, this.clock.now())));
    if (query.format === 'json') return table;
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${id}-${widgetId}.csv"`);
    return toCsv(table);
  }

  private async mustGet(caller: Principal, id: string) {
    const dashboard = await this.dashboards.get(caller, id);
    if (!dashboard) throw new Problem(404, 'dashboard_not_found', `no dashboard "${id}" in tenant "${caller.tenant}"; list them with GET /api/v1/dashboards`);
    return dashboard;
  }
}
