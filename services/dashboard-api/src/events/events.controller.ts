import { randomUUID } from 'node:crypto';
import { Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Bus } from '@vigil/bus';
import { createPayload, encodePayload, FeedbackKind, FeedbackTarget, TOPICS } from '@vigil/contracts';
import { BUS, CLOCK, type Clock } from '@vigil/runtime';
import { z } from 'zod/v4';
import { Caller, type Principal } from '../auth/principal';
import { ApiController } from '../http/api-controller.decorator';
import { decodeCursor, page, pageSchema, resolveWindow, windowFields } from '../http/pagination';
import { Problem } from '../http/problem';
import { ApiBodyFrom, ApiQueryFrom, ApiResult, ParsedBody, ParsedQuery } from '../http/schema';
import { TenantStore } from '../tenant-store';
import { alertSchema, anomalySchema, forecastSchema, incidentSchema, insightSchema, sloStatusSchema } from './event-schemas';
import { EventsReadRepository } from './events-read.repository';

const severity = z.enum(['low', 'medium', 'high', 'critical']).optional();
const anomalyQuery = z.object({ ...windowFields, metric: z.string().optional(), service: z.string().optional(), severity, type: z.enum(['spike', 'drift', 'outlier', 'trend', 'seasonal']).optional() });
const metricQuery = z.object({ ...windowFields, metric: z.string().optional() });
const statusQuery = z.object({ ...windowFields, status: z.string().optional() });
const insightQuery = z.object({ ...windowFields, severity });
const sloQuery = z.object({ ...windowFields, slo: z.string().optional().describe('one SLO: its burn history; absent: the latest status of every SLO') });
const feedbackBody = z.object({ kind: z.enum(['acknowledged', 'false_positive', 'useful']), note: z.string().max(4_000).default('') }).strict();
const feedbackSchema = z.object({ id: z.string(), insightId: z.string(), kind: z.string(), note: z.string(), user: z.string(), at: z.string() });
const capacitySchema = z.object({
  items: z.array(z.object({ metric: z.string(), labels: z.record(z.string(), z.string()), action: z.string(), breachAt: z.string().nullable(), threshold: z.number().nullable(), generatedAt: z.string(), model: z.string() })),
});
const timelineSchema = incidentSchema.extend({
  timeline: z.array(z.object({ at: z.string(), kind: z.string(), description: z.string() })),
  alerts: z.array(alertSchema),
  relatedAnomalies: z.array(anomalySchema),
});

const KIND = { acknowledged: FeedbackKind.ACKNOWLEDGED, false_positive: FeedbackKind.FALSE_POSITIVE, useful: FeedbackKind.USEFUL } as const;
const ACTION_ORDER = ['immediate_scale_up_required', 'plan_scale_up', 'monitor_closely', 'consider_scale_down', 'maintain_current_capacity', 'unspecified'];

/** What Vigil derived: anomalies, forecasts, capacity, alerts, incidents, insights, SLOs. */
@ApiController('', 'events')
export class EventsController {
  constructor(
    private readonly events: EventsReadRepository,
    private readonly store: TenantStore,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private window(query: { from?: string; to?: string; limit: number; cursor?: string }, defaultSpanMillis = 86_400_000) {
    return { ...resolveWindow(query, this.clock.now(), defaultSpanMillis), limit: query.limit, before: decodeCursor(query.cursor) };
  }

  @Get('anomalies')
  @ApiOperation({ summary: 'Anomalies by service, series, type, severity and time, newest first' })
  @ApiQueryFrom(anomalyQuery)
  @ApiResult(pageSchema(anomalySchema))
  async anomalies(@Caller() caller: Principal, @ParsedQuery(anomalyQuery) query: z.infer<typeof anomalyQuery>) {
    const items = await this.events.anomalies(caller, { ...this.window(query), metric: query.metric, service: query.service, severity: query.severity, type: query.type });
    return page(items, query.limit, (a) => ({ atMillis: Date.parse(a.time), id: a.id }));
  }

  @Get('forecasts')
  @ApiOperation({ summary: 'Forecasts with their 95 % intervals, newest first' })
  @ApiQueryFrom(metricQuery)
  @ApiResult(pageSchema(forecastSchema))
  async forecasts(@Caller() caller: Principal, @ParsedQuery(metricQuery) query: z.infer<typeof metricQuery>) {
    const items = await this.events.forecasts(caller, { ...this.window(query), metric: query.metric });
    return page(items, query.limit, (f) => ({ atMillis: Date.parse(f.generatedAt), id: f.id }));
  }

  @Get('capacity/report')
  @ApiOperation({ summary: 'The latest forecast per resource: action and breach date, most urgent first' })
  @ApiQueryFrom(metricQuery)
  @ApiResult(capacitySchema)
  async capacity(@Caller() caller: Principal, @ParsedQuery(metricQuery) query: z.infer<typeof metricQuery>) {
    const forecasts = await this.events.forecasts(caller, { ...this.window(query, 7 * 86_400_000), metric: query.metric, limit: 10_000, before: undefined });
    const latest = new Map<string, (typeof forecasts)[number]>();
    for (const f of forecasts) if (!latest.has(f.fingerprint)) latest.set(f.fingerprint, f);
    const items = [...latest.values()]
      .map((f) => ({ metric: f.metric, labels: f.labels, action: f.action, breachAt: f.breachAt, threshold: f.threshold, generatedAt: f.generatedAt, model: f.model }))
      .sort((a, b) => ACTION_ORDER.indexOf(a.action) - ACTION_ORDER.indexOf(b.action) || (a.breachAt ?? '~').localeCompare(b.breachAt ?? '~'));
    return { items: items.slice(0, query.limit) };
  }

  @Get('alerts')
  @ApiOperation({ summary: 'Alert state changes (firing, resolved), newest first' })
  @ApiQueryFrom(statusQuery)
  @ApiResult(pageSchema(alertSchema))
  async alerts(@Caller() caller: Principal, @ParsedQuery(statusQuery) query: z.infer<typeof statusQuery>) {
    const items = await this.events.alerts(caller, { ...this.window(query), status: query.status });
    return page(items, query.limit, (a) => ({ atMillis: Date.parse(a.startsAt), id: a.fingerprint }));
  }

  @Get('incidents')
  @ApiOperation({ summary: 'Incidents, newest first' })
  @ApiQueryFrom(statusQuery)
  @ApiResult(pageSchema(incidentSchema))
  async incidents(@Caller() caller: Principal, @ParsedQuery(statusQuery) query: z.infer<typeof statusQuery>) {
    const items = await this.events.incidents(caller, { ...this.window(query, 7 * 86_400_000), status: query.status });
    return page(items, query.limit, (i) => ({ atMillis: Date.parse(i.openedAt), id: i.id }));
  }

  @Get('incidents/:id')
  @ApiOperation({ summary: 'One incident with its timeline, member alerts and related anomalies' })
  @ApiResult(timelineSchema, 200, { notFound: true })
  async incident(@Caller() caller: Principal, @Param('id') id: string) {
    const [incident] = await this.events.incidents(caller, { fromMillis: 0, toMillis: 0, limit: 1, id });
    if (!incident) throw new Problem(404, 'incident_not_found', `no incident "${id}" in tenant "${caller.tenant}"; list them with GET /api/v1/incidents`);
    const alerts = await this.events.alertsByFingerprint(caller, incident.memberAlertFingerprints);
    const endMillis = incident.resolvedAt ? Date.parse(incident.resolvedAt) : this.clock.now();
    const anomalies = await this.events.anomalies(caller, { fromMillis: Date.parse(incident.openedAt) - 30 * 60_000, toMillis: endMillis, limit: 200 });
    const services = new Set(incident.services);
    const relatedAnomalies = anomalies.filter((a) => services.size === 0 || services.has(a.labels.service ?? a.labels['service.name'] ?? ''));
    const timeline = [
      { at: incident.openedAt, kind: 'opened', description: incident.title },
      ...alerts.map((a) => ({ at: a.status === 'resolved' && a.endsAt ? a.endsAt : a.startsAt, kind: `alert_${a.status}`, description: a.labels.alertname ?? a.fingerprint })),
      ...relatedAnomalies.map((a) => ({ at: a.time, kind: 'anomaly', description: `${a.metric} ${a.type} (${a.severity})` })),
      ...(incident.resolvedAt ? [{ at: incident.resolvedAt, kind: 'resolved', description: incident.rootCauseReason }] : []),
    ].sort((a, b) => a.at.localeCompare(b.at));
    return { ...incident, timeline, alerts, relatedAnomalies };
  }

  @Get('insights')
  @ApiOperation({ summary: 'Insights, newest first' })
  @ApiQueryFrom(insightQuery)
  @ApiResult(pageSchema(insightSchema))
  async insights(@Caller() caller: Principal, @ParsedQuery(insightQuery) query: z.infer<typeof insightQuery>) {
    const items = await this.events.insights(caller, { ...this.window(query, 7 * 86_400_000), severity: query.severity });
    return page(items, query.limit, (i) => ({ atMillis: Date.parse(i.createdAt), id: i.id }));
  }

  @Post('insights/:id/feedback')
  @HttpCode(201)
  @ApiOperation({ summary: 'Feedback on an insight: stored for the learning loop and published on vigil.feedback.v1' })
  @ApiBodyFrom(feedbackBody)
  @ApiResult(feedbackSchema, 201, { write: true, notFound: true })
  async feedback(@Caller() caller: Principal, @Param('id') insightId: string, @ParsedBody(feedbackBody) body: z.infer<typeof feedbackBody>) {
    const [insight] = await this.events.insights(caller, { fromMillis: 0, toMillis: 0, limit: 1, id: insightId });
    if (!insight) throw new Problem(404, 'insight_not_found', `no insight "${insightId}" in tenant "${caller.tenant}"; list them with GET /api/v1/insights`);
    const atMillis = this.clock.now();
    const id = randomUUID();
    await this.store.insert(caller, 'feedback', [{ id, target: 'insight', target_id: insightId, kind: body.kind, note: body.note, user: caller.actor, at: atMillis, retention_days: 400 }]);
    const payload = createPayload(TOPICS.feedback, { id, tenant: caller.tenant, target: FeedbackTarget.INSIGHT, targetId: insightId, kind: KIND[body.kind], note: body.note, user: caller.actor, atUnixMs: atMillis });
    await this.bus.publish(TOPICS.feedback, [{ key: insightId, value: encodePayload(TOPICS.feedback, payload) }]);
    return { id, insightId, kind: body.kind, note: body.note, user: caller.actor, at: new Date(atMillis).toISOString() };
  }

  @Get('slos')
  @ApiOperation({ summary: 'SLO status and error budget (latest per SLO), or one SLO’s burn history' })
  @ApiQueryFrom(sloQuery)
  @ApiResult(pageSchema(sloStatusSchema))
  async slos(@Caller() caller: Principal, @ParsedQuery(sloQuery) query: z.infer<typeof sloQuery>) {
    const items = await this.events.sloStatus(caller, { ...this.window(query, 30 * 86_400_000), slo: query.slo });
    return page(items, query.limit, (s) => ({ atMillis: Date.parse(s.time), id: s.slo }));
  }
}
