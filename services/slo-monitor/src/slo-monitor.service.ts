import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BusPublisher } from '@vigil/bus';
import { AlertSource, AlertStatus, TOPICS, createPayload, encodePayload, normalizeLabels, type MetricBatch } from '@vigil/contracts';
import type { Logger } from '@vigil/observability';
import { CLOCK, LOGGER, STATE, STORE, type Clock } from '@vigil/runtime';
import { SloConfigError, formatIssue, parseSloFiles, type SloDefinition } from '@vigil/slo';
import type { StateStore } from '@vigil/state';
import type { Store } from '@vigil/store';
import { Cumulator, samplesOf } from './metric-samples';
import { SloBook, type SloBookSnapshot, type TenantTransition } from './slo-book';
import { readSloFolder } from './slo-folder';
import { SLO_MONITOR_CONFIG } from './slo-monitor.tokens';
import type { SloMonitorConfig } from './slo-monitor.config';
import { SloStatusRepository } from './slo-status.repository';

const LEADER_LEASE = 'slo-monitor-leader';
const BACKFILL_OVERLAP_MILLIS = 15 * 60_000;
const utf8 = new TextEncoder();
const toLabels = (record: Readonly<Record<string, string>>) => [...normalizeLabels(Object.entries(record).map(([name, value]) => ({ name, value })))];
const text = new TextDecoder();

/**
 * The slo-monitor shell: SLO files → SloBook (pure) ← metric batches; on every tick it evaluates,
 * and the lease holder publishes alert transitions on `vigil.alerts.v1` and writes status rows.
 * State is checkpointed, and refilled from the store on start, so a restart keeps its budget
 * figures and publishes no duplicate alert (ids are deterministic: fingerprint + activeAt).
 */
@Injectable()
export class SloMonitorService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly book: SloBook;
  private readonly repository: SloStatusRepository;
  private readonly cumulator = new Cumulator();
  private timers: NodeJS.Timeout[] = [];
  private folderSignature = '';
  private lastCheckpointMillis = 0;
  private ticking = false;
  /** Transitions evaluated but not yet published (the engine has moved on: they must not be lost). */
  private unpublished: TenantTransition[] = [];

  constructor(
    @Inject(SLO_MONITOR_CONFIG) private readonly config: SloMonitorConfig,
    @Inject(STORE) store: Store,
    @Inject(STATE) private readonly state: StateStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly publisher: BusPublisher,
  ) {
    this.book = new SloBook(config.evaluationIntervalMillis);
    this.repository = new SloStatusRepository(store);
  }

  private get checkpointKey() {
    return `slo-monitor/${this.config.replicaId}/checkpoint`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const definitions = await this.readDefinitions(); // a bad folder stops the start, naming the place
    const now = this.clock.now();
    const checkpoint = await this.readCheckpoint();
    await this.publish(this.book.load(definitions, now, checkpoint?.book));
    // From a little before the checkpoint: samples the engine already has are ignored (per series,
    // only newer samples count), so overlap is harmless and a gap is not.
    await this.backfill(checkpoint ? checkpoint.atMillis - BACKFILL_OVERLAP_MILLIS : now - this.config.backfillMillis, now);
    const count = [...definitions.values()].reduce((n, d) => n + d.length, 0);
    this.logger.info({ slos: count, tenants: this.book.tenants(), restored: !!checkpoint }, 'SLOs loaded');
    this.timers.push(setInterval(() => void this.tick(), this.config.evaluationIntervalMillis));
    if (this.config.reloadIntervalMillis > 0) this.timers.push(setInterval(() => void this.reload(), this.config.reloadIntervalMillis));
  }

  async onApplicationShutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    await this.checkpoint().catch((error: unknown) => this.logger.warn({ err: error }, 'final SLO checkpoint failed'));
    await this.state.releaseLease(LEADER_LEASE, this.config.replicaId).catch(() => false);
  }

  /** Feeds one partition's batch of metric batches (the consumer calls this). */
  ingest(batches: readonly MetricBatch[]): void {
    for (const batch of batches) {
      for (const series of batch.series) {
        const tenant = series.tenant;
        const wants = (metric: string) => this.book.wants(tenant, metric);
        for (const sample of samplesOf(series, wants, this.cumulator)) this.book.ingest(tenant, sample);
      }
    }
  }

  /** One evaluation: transitions and status are published by the lease holder only. */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = this.clock.now();
      const transitions = this.book.evaluate(now);
      this.cumulator.forgetIdle(now - this.config.backfillMillis);
      this.unpublished.push(...transitions);
      const leader = await this.isLeader();
      if (leader) {
        // Published before they are forgotten: a failed publish is retried on the next tick.
        await this.publish(this.unpublished);
        this.unpublished = [];
        await this.repository.writeStatus(this.book.status(now));
      } else {
        this.unpublished = []; // the leader publishes its own (identical, same ids) transitions
      }
      if (transitions.length > 0 || now - this.lastCheckpointMillis >= this.config.checkpointIntervalMillis) await this.checkpoint();
    } catch (error) {
      this.logger.error({ err: error }, 'SLO evaluation failed; retrying next tick');
    } finally {
      this.ticking = false;
    }
  }

  /** Current status of every SLO, for the CLI and dashboard-api. */
  status(tenant?: string) {
    return this.book.status(this.clock.now(), tenant);
  }

  private async isLeader(): Promise<boolean> {
    const ttl = this.config.evaluationIntervalMillis * 3;
    const id = this.config.replicaId;
    return (await this.state.renewLease(LEADER_LEASE, id, ttl)) || (await this.state.acquireLease(LEADER_LEASE, id, ttl));
  }

  private async readDefinitions(): Promise<Map<string, SloDefinition[]>> {
    const folder = await readSloFolder(this.config.slosDir);
    this.folderSignature = folder.signature;
    const definitions = new Map<string, SloDefinition[]>();
    const issues = [];
    for (const [tenant, files] of folder.filesByTenant) {
      const parsed = parseSloFiles(files, { resolutionMillis: this.config.evaluationIntervalMillis });
      issues.push(...parsed.issues);
      definitions.set(tenant, parsed.definitions);
    }
    if (issues.length > 0) throw new SloConfigError(issues);
    return definitions;
  }

  /** Hot reload: a changed folder replaces the definitions; a broken one keeps the old ones. */
  private async reload(): Promise<void> {
    try {
      const folder = await readSloFolder(this.config.slosDir);
      if (folder.signature === this.folderSignature) return;
      const definitions = await this.readDefinitions();
      await this.publish(this.book.load(definitions, this.clock.now()));
      this.logger.info({ tenants: this.book.tenants() }, 'SLOs reloaded');
    } catch (error) {
      const detail = error instanceof SloConfigError ? error.issues.map(formatIssue) : [(error as Error).message];
      this.logger.error({ issues: detail }, 'SLO reload rejected; keeping the previous SLOs');
    }
  }

  private async backfill(fromMillis: number, toMillis: number): Promise<void> {
    if (toMillis <= fromMillis) return;
    for (const tenant of this.book.tenants()) {
      const names = this.book.metricNames(tenant);
      if (names.length === 0) continue;
      const samples = await this.repository.counterSamples(tenant, names, fromMillis, toMillis);
      for (const { delta, ...sample } of samples) {
        for (const cumulative of this.cumulator.apply(tenant, sample, delta)) this.book.ingest(tenant, cumulative);
      }
      this.logger.info({ tenant, samples: samples.length, fromMillis, toMillis }, 'SLO windows refilled from the store');
    }
  }

  private async publish(transitions: readonly TenantTransition[]): Promise<void> {
    if (transitions.length === 0) return;
    const messages = transitions.map(({ tenant, transition }) => {
      const alert = createPayload(TOPICS.alerts, {
        fingerprint: transition.fingerprint,
        tenant,
        status: transition.state === 'firing' ? AlertStatus.FIRING : AlertStatus.RESOLVED,
        labels: toLabels(transition.labels),
        annotations: toLabels({ ...transition.annotations, vigil_alert_id: transition.id }),
        startsAtUnixMs: transition.activeAtMillis,
        endsAtUnixMs: transition.state === 'resolved' ? transition.atMillis : 0,
        source: AlertSource.SLO_MONITOR,
        updatedAtUnixMs: transition.atMillis,
      });
      return { key: transition.fingerprint, value: encodePayload(TOPICS.alerts, alert) };
    });
    await this.publisher.publish(TOPICS.alerts, messages);
    for (const { tenant, transition } of transitions) {
      this.logger.info({ tenant, alert: transition.labels, state: transition.state, id: transition.id }, 'SLO alert');
    }
  }

  private async readCheckpoint(): Promise<{ atMillis: number; book: SloBookSnapshot } | undefined> {
    const bytes = await this.state.get(this.checkpointKey);
    if (!bytes) return undefined;
    return JSON.parse(text.decode(bytes)) as { atMillis: number; book: SloBookSnapshot };
  }

  private async checkpoint(): Promise<void> {
    const atMillis = this.clock.now();
    await this.state.set(this.checkpointKey, utf8.encode(JSON.stringify({ atMillis, book: this.book.snapshot() })));
    this.lastCheckpointMillis = atMillis;
  }
}
