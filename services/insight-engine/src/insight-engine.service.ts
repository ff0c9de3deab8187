import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BusPublisher } from '@vigil/bus';
import { AlertSource, AlertStatus, IncidentStatus, type Alert, type Anomaly, type Feedback, type Forecast, type Incident } from '@vigil/contracts';
import { anomalyInsight, forecastInsight, sloRiskInsight, type Insight } from '@vigil/insight';
import { METRICS, type Logger, type Registry } from '@vigil/observability';
import { CLOCK, LOGGER, STATE, STORE, type Clock } from '@vigil/runtime';
import type { StateStore } from '@vigil/state';
import { EventsRepository, TracesRepository, retentionPolicy, type Store } from '@vigil/store';
import { Counter, Histogram } from 'prom-client';
import { FeedbackLoop } from './feedback-loop';
import { IncidentAnalysis, type AnalysisOutcome } from './incident-analysis';
import type { InsightEngineConfig } from './insight-engine.config';
import { INSIGHT_ENGINE_CONFIG } from './insight-engine.tokens';
import { InsightBook } from './insight-book';
import { InsightSourcesRepository } from './insight-sources.repository';
import { InsightSweeps, type SweepReport } from './insight-sweeps';
import { anomalyRef, forecastRef, serviceOf } from './insight-wire';
import { KnowledgeLibrary } from './knowledge-library';
import { rebuildKnowledge } from './knowledge-rebuild';
import { RcaWindowRepository } from './rca-window.repository';

const LEADER_LEASE = 'insight-engine-sweeper';
let replicaCounter = 0;

function shared<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/**
 * The insight-engine shell: decoded events in → pure @vigil/insight logic → insights stored and
 * published. Incidents are ranked for root causes as they open and update; anomalies, forecasts
 * and SLO alerts become insights as they arrive; the sweep lease holder looks for capacity,
 * budget and cost risks on the clock; feedback closes the loop. The knowledge base is rebuilt
 * off the start path (runbooks + the store) and awaited only by the first incident.
 */
@Injectable()
export class InsightEngineService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly knowledge = new KnowledgeLibrary();
  private readonly events: EventsRepository;
  private readonly sources: InsightSourcesRepository;
  private readonly book: InsightBook;
  private readonly analysis: IncidentAnalysis;
  private readonly feedbackLoop: FeedbackLoop;
  private readonly sweeps: InsightSweeps;
  private readonly replica: string;
  private readonly analysisSeconds: Histogram;
  private readonly produced: Counter;
  private warming: Promise<void> = Promise.resolve();
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;
  private lastSweepSlot = -1;

  constructor(
    @Inject(INSIGHT_ENGINE_CONFIG) private readonly config: InsightEngineConfig,
    @Inject(STORE) private readonly store: Store,
    @Inject(STATE) private readonly state: StateStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) registry: Registry,
    publisher: BusPublisher,
  ) {
    const retention = retentionPolicy();
    this.events = new EventsRepository(store, retention);
    this.sources = new InsightSourcesRepository(store);
    this.book = new InsightBook(state, this.events, publisher);
    this.analysis = new IncidentAnalysis(config, new RcaWindowRepository(store), new TracesRepository(store, retention), this.events, state, this.book, this.knowledge, logger);
    this.feedbackLoop = new FeedbackLoop(this.events, this.book, this.analysis, this.sources, publisher);
    this.sweeps = new InsightSweeps(config, this.sources, this.events, this.book, logger);
    this.replica = `${config.replicaId}#${++replicaCounter}`;
    const registers = [registry];
    this.analysisSeconds = shared(registry, 'vigil_insight_incident_analysis_seconds', () => new Histogram({ name: 'vigil_insight_incident_analysis_seconds', help: 'Time from an incident event to its insight (store reads + ranking + publish)', buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30], registers }));
    this.produced = shared(registry, 'vigil_insight_insights_total', () => new Counter({ name: 'vigil_insight_insights_total', help: 'Insights created or updated, by what produced them', labelNames: ['source'], registers }));
  }

  onApplicationBootstrap(): void {
    // Heavy reads stay off the start path (npm start must come up fast); incidents await them.
    this.warming = this.warmUp().catch((error: unknown) => this.logger.error({ err: error }, 'knowledge base rebuild failed; continuing with what loaded'));
    this.lastSweepSlot = Math.floor(this.clock.now() / this.config.sweepIntervalMillis);
    this.timer = setInterval(() => void this.poll(), this.config.pollIntervalMillis);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
    await this.warming;
    await this.state.releaseLease(LEADER_LEASE, this.replica).catch(() => false);
  }

  private async warmUp(): Promise<void> {
    const runbooks = await this.knowledge.loadRunbooks(this.config.runbooksDir);
    const incidents = await rebuildKnowledge(this.knowledge, this.events, this.sources, this.clock.now(), this.config.knowledgeHistoryMillis);
    this.logger.info({ runbooks, incidents, dir: this.config.runbooksDir }, 'knowledge base loaded');
  }

  async onIncidents(incidents: readonly Incident[]): Promise<AnalysisOutcome[]> {
    await this.warming;
    const outcomes: AnalysisOutcome[] = [];
    for (const incident of incidents) {
      if (incident.status === IncidentStatus.UNSPECIFIED) continue;
      const end = this.analysisSeconds.startTimer();
      const outcome = await this.analysis.handle(incident, this.clock.now());
      if (outcome.insight) {
        end();
        this.produced.inc({ source: 'incident' });
      }
      outcomes.push(outcome);
    }
    return outcomes;
  }

  /** Repeated anomalies of one series merge into its ANOMALY insight; only the newest per series in a batch counts. */
  async onAnomalies(anomalies: readonly Anomaly[]): Promise<void> {
    const latest = new Map<string, Anomaly>();
    for (const a of anomalies) latest.set(`${a.tenant}/${a.seriesFingerprint}`, a);
    const now = this.clock.now();
    await this.recordPerTenant([...latest.values()].map((a) => [a.tenant, anomalyInsight(anomalyRef(a), now)]), 'anomaly');
  }

  async onForecasts(forecasts: readonly Forecast[]): Promise<void> {
    const now = this.clock.now();
    const pairs: [string, Insight][] = [];
    for (const f of forecasts) {
      const ref = forecastRef(f);
      const insight = ref && forecastInsight(ref, now);
      if (insight) pairs.push([f.tenant, insight]);
    }
    await this.recordPerTenant(pairs, 'forecast');
  }

  /** SLO burn-rate pages become RISK insights with the budget figures of the SLO's latest status. */
  async onAlerts(alerts: readonly Alert[]): Promise<void> {
    const now = this.clock.now();
    const pairs: [string, Insight][] = [];
    for (const alert of alerts) {
      if (alert.source !== AlertSource.SLO_MONITOR || alert.status !== AlertStatus.FIRING) continue;
      const label = (name: string) => alert.labels.find((l) => l.name === name)?.value;
      const slo = label('slo');
      if (!slo) continue;
      const [status] = await this.sources.latestSloStatus(alert.tenant, now - this.config.sweepLookbackMillis, slo);
      const burnRate = Math.max(Number(label('burn_rate') ?? 0) || 0, status?.burnRate ?? 0);
      const insight = sloRiskInsight(
        { sloId: slo, service: status?.service ?? serviceOf(alert.labels) ?? 'unknown', burnRate, budgetRemaining: status?.budgetRemaining ?? 1, exhaustedAtMillis: status?.exhaustedAtMillis ?? null },
        now,
      );
      if (insight) pairs.push([alert.tenant, insight]);
    }
    await this.recordPerTenant(pairs, 'slo');
  }

  async onFeedback(feedback: readonly Feedback[]): Promise<void> {
    await this.warming;
    await this.feedbackLoop.handle(feedback);
  }

  /** Runs a sweep now (tests and the CLI); the timer calls it when the clock passes a sweep boundary. */
  async sweep(): Promise<SweepReport> {
    return this.sweeps.run(this.clock.now());
  }

  private async recordPerTenant(pairs: readonly [string, Insight][], source: string): Promise<void> {
    const byTenant = new Map<string, Insight[]>();
    for (const [tenant, insight] of pairs) byTenant.set(tenant, [...(byTenant.get(tenant) ?? []), insight]);
    for (const [tenant, insights] of byTenant) {
      await this.book.record(tenant, insights);
      this.produced.inc({ source }, insights.length);
    }
  }

  /** Looks at the clock; the lease holder sweeps once per `sweepIntervalMillis` boundary. */
  private async poll(): Promise<void> {
    if (this.sweeping) return;
    const slot = Math.floor(this.clock.now() / this.config.sweepIntervalMillis);
    const run = async () => {
      try {
        const ttl = Math.max(5_000, this.config.pollIntervalMillis * 10);
        const leader = (await this.state.renewLease(LEADER_LEASE, this.replica, ttl)) || (await this.state.acquireLease(LEADER_LEASE, this.replica, ttl));
        if (!leader || slot <= this.lastSweepSlot) return;
        this.lastSweepSlot = slot;
        const report = await this.sweeps.run(this.clock.now());
        this.produced.inc({ source: 'sweep' }, report.insights);
      } catch (error) {
        this.logger.error({ err: error }, 'insight sweep failed; retrying at the next poll');
        this.lastSweepSlot = slot - 1;
      }
    };
    this.sweeping = run().finally(() => (this.sweeping = undefined));
    await this.sweeping;
  }
}
