import { IncidentStatus, type Incident } from '@vigil/contracts';
import { rankRootCauses, rootCauseInsight, type Insight, type RankedCause, type RootCauseInput } from '@vigil/insight';
import type { Logger } from '@vigil/observability';
import type { StateStore } from '@vigil/state';
import type { EventsRepository, TracesRepository } from '@vigil/store';
import type { InsightEngineConfig } from './insight-engine.config';
import type { InsightBook } from './insight-book';
import { incidentRef, serviceOf } from './insight-wire';
import type { KnowledgeLibrary } from './knowledge-library';
import { knownAnomaliesOf, logRecordsOf, metricSeriesOf, neighbourhood, spanRecordsOf, symptomOf } from './rca-input';
import type { RcaWindowRepository, WindowQuery } from './rca-window.repository';

const utf8 = new TextEncoder();
const text = new TextDecoder();

/** What the engine remembers of an incident between its events (state store, per tenant and id). */
export interface IncidentRecord {
  revision: number;
  title: string;
  services: string[];
  openedAtMillis: number;
  alertNames: string[];
  /** `service (indicator)` of the top-ranked cause. */
  rootCause?: string;
  logTemplates: string[];
  insightId?: string;
  /** Resolution notes from feedback, newest last. */
  resolution?: string;
}

export interface AnalysisOutcome {
  insight: Insight | null;
  causes: RankedCause[];
  skipped?: 'stale' | 'resolved';
}

/** Incident records live this long in state: past that, the store rebuild knows them. */
const RECORD_TTL_MILLIS = 30 * 86_400_000;

/**
 * On an incident opened or updated: read the window from the store, rank root causes, find the
 * most similar past incidents, and record one PERFORMANCE insight per incident (its id depends
 * on the incident id only, so updates replace it). On resolved: the incident joins the
 * knowledge base with the cause Vigil found and any notes on-call left.
 */
export class IncidentAnalysis {
  constructor(
    private readonly config: InsightEngineConfig,
    private readonly window: RcaWindowRepository,
    private readonly traces: TracesRepository,
    private readonly events: EventsRepository,
    private readonly state: StateStore,
    private readonly book: InsightBook,
    private readonly knowledge: KnowledgeLibrary,
    private readonly logger: Logger,
  ) {}

  private key(tenant: string, id: string): string {
    return `insight-engine/incident/${tenant}/${id}`;
  }

  async record(tenant: string, id: string): Promise<IncidentRecord | undefined> {
    const bytes = await this.state.get(this.key(tenant, id));
    return bytes ? (JSON.parse(text.decode(bytes)) as IncidentRecord) : undefined;
  }

  async saveRecord(tenant: string, id: string, record: IncidentRecord): Promise<void> {
    await this.state.set(this.key(tenant, id), utf8.encode(JSON.stringify(record)), { ttlMillis: RECORD_TTL_MILLIS });
  }

  async handle(incident: Incident, nowMillis: number): Promise<AnalysisOutcome> {
    const tenant = incident.tenant;
    const previous = await this.record(tenant, incident.id);
    // Revisions increase by one per event: an older or repeated one (replay, redelivery) is done.
    if (previous && incident.revision <= previous.revision) return { insight: null, causes: [], skipped: 'stale' };
    if (incident.status === IncidentStatus.RESOLVED) {
      const record: IncidentRecord = { ...(previous ?? this.blankRecord(incident)), revision: incident.revision };
      await this.saveRecord(tenant, incident.id, record);
      this.rememberResolved(tenant, incident.id, record);
      return { insight: null, causes: [], skipped: 'resolved' };
    }

    const started = performance.now();
    const { input, alertNames } = await this.loadInput(incident);
    const causes = rankRootCauses(input);
    const top = causes[0];
    const logTemplates = causes.flatMap((c) => c.evidence.signals).filter((s) => s.indicator.startsWith('log:')).map((s) => s.indicator.slice(4));
    const similar = this.knowledge.similar(
      tenant,
      { services: [...new Set([...incident.services, ...(top ? [top.service] : [])])], alertNames, logTemplates },
      incident.id,
    );
    const insight = rootCauseInsight(incidentRef(incident), causes, nowMillis, similar);
    const [stored] = insight ? await this.book.record(tenant, [insight]) : [null];
    await this.saveRecord(tenant, incident.id, {
      ...(previous ?? this.blankRecord(incident)),
      revision: incident.revision,
      title: incident.title,
      services: [...incident.services],
      alertNames,
      rootCause: top ? `${top.service} (${top.indicator})` : previous?.rootCause,
      logTemplates,
      insightId: stored?.id ?? previous?.insightId,
    });
    this.logger.info(
      {
        tenant,
        incident: incident.id,
        revision: incident.revision,
        rootCause: top?.service,
        candidates: causes.length,
        metrics: input.metrics.length,
        spans: input.spans?.length ?? 0,
        logs: input.logs?.length ?? 0,
        similar: similar[0]?.document.id,
        millis: Math.round(performance.now() - started),
      },
      'incident analysed',
    );
    return { insight: stored ?? null, causes };
  }

  /** Adds resolution notes to an incident and refreshes its knowledge-base entry. */
  async addResolution(tenant: string, incidentId: string, note: string): Promise<void> {
    const record = await this.record(tenant, incidentId);
    if (!record) return;
    const resolution = record.resolution ? `${record.resolution}; ${note}` : note;
    const next = { ...record, resolution };
    await this.saveRecord(tenant, incidentId, next);
    this.rememberResolved(tenant, incidentId, next);
  }

  private rememberResolved(tenant: string, id: string, record: IncidentRecord): void {
    this.knowledge.remember(
      tenant,
      { id, title: record.title, openedAtMillis: record.openedAtMillis, services: record.services, alertNames: record.alertNames, rootCause: record.rootCause, resolution: record.resolution },
      record.logTemplates,
    );
  }

  private blankRecord(incident: Incident): IncidentRecord {
    return { revision: 0, title: incident.title, services: [...incident.services], openedAtMillis: incident.openedAtUnixMs, alertNames: [], logTemplates: [] };
  }

  /** The window around the incident, read from the store and shaped for the ranker. */
  private async loadInput(incident: Incident): Promise<{ input: RootCauseInput; alertNames: string[] }> {
    const c = this.config;
    const tenant = incident.tenant;
    const detectedAtMillis = incident.openedAtUnixMs;
    const fromMillis = detectedAtMillis - c.lookbackMillis;
    const toMillis = Math.max(incident.updatedAtUnixMs, detectedAtMillis) + c.metricStepMillis;
    const baselineFrom = fromMillis - c.baselineMillis;

    const edgeRows = await this.traces.listServiceEdges(tenant, baselineFrom, toMillis);
    const edges = edgeRows.map((e) => ({ from: e.parentService, to: e.childService }));
    const services = neighbourhood(incident.services, edges, c.neighbourHops);
    const inWindow: WindowQuery = { tenant, fromMillis, toMillis, services };
    const inBaseline: WindowQuery = { tenant, fromMillis: baselineFrom, toMillis: fromMillis, services };

    const metrics = metricSeriesOf(await this.window.metricBuckets(inWindow, c.metricStepMillis), c.baselineMillis > 0 ? await this.window.metricBuckets(inBaseline, c.metricStepMillis) : []);
    const spans = spanRecordsOf(await this.window.spans(inWindow, c.maxSpans));
    const normalSpans = c.baselineMillis > 0 && spans.length > 0 ? spanRecordsOf(await this.window.spans(inBaseline, c.maxSpans)) : [];
    const logs = logRecordsOf(await this.window.logs(inWindow, c.maxLogs));
    const normalLogs = c.baselineMillis > 0 && logs.length > 0 ? logRecordsOf(await this.window.logs(inBaseline, c.maxLogs)) : [];
    const anomalies = await this.events.listAnomalies({ tenant, fromUnixMs: fromMillis, toUnixMs: toMillis, limit: 2_000 });

    // The member alerts' names (and the paged metric) sharpen the symptom and the signature.
    const members = new Set(incident.memberAlertFingerprints);
    const alerts = members.size
      ? (await this.events.listAlerts({ tenant, fromUnixMs: fromMillis - c.lookbackMillis, toUnixMs: toMillis, limit: 2_000 })).filter((a) => members.has(a.fingerprint))
      : [];
    const label = (labels: readonly { name: string; value: string }[], name: string) => labels.find((l) => l.name === name)?.value;
    const alertNames = [...new Set(alerts.map((a) => label(a.labels, 'alertname')).filter((n): n is string => !!n))].sort();
    const symptom = symptomOf(incident.services, edges);
    const paged = symptom ? alerts.find((a) => serviceOf(a.labels) === symptom.service) : undefined;
    const indicator = paged && (label(paged.labels, 'metric') ?? label(paged.labels, '__name__'));
    return {
      input: {
        symptom: symptom && indicator ? { ...symptom, indicator } : symptom,
        detectedAtMillis,
        edges,
        metrics,
        spans,
        normalSpans,
        logs,
        normalLogs,
        anomalies: knownAnomaliesOf(anomalies, services),
      },
      alertNames,
    };
  }
}
