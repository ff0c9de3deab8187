import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BusPublisher } from '@vigil/bus';
import type { CorrelationInput } from '@vigil/correlate';
import { TOPICS, encodePayload, type Incident } from '@vigil/contracts';
import type { Logger } from '@vigil/observability';
import { CLOCK, LOGGER, STATE, STORE, type Clock } from '@vigil/runtime';
import type { StateStore } from '@vigil/state';
import { textValue, valueText } from '@vigil/state';
import { EventsRepository, TracesRepository, retentionPolicy, type Store } from '@vigil/store';
import type { AlertCorrelatorConfig } from '../alert-correlator.config';
import { ALERT_CORRELATOR_CONFIG } from '../alert-correlator.tokens';
import { IncidentBook, type IncidentBookSnapshot } from './incident-book';

const LEADER_LEASE = 'alert-correlator-incidents';

/**
 * Incidents: every replica correlates every alert (so any can take over), and the holder of a
 * lease publishes the events on `vigil.incidents.v1` and writes them to the store's
 * `incidents` table. The service graph comes from `service_edges`, re-read periodically off the
 * start path. The book is checkpointed with the engine state.
 */
@Injectable()
export class IncidentsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly book = new IncidentBook();
  private readonly events: EventsRepository;
  private readonly traces: TracesRepository;
  private readonly pending: Incident[] = [];
  private timers: NodeJS.Timeout[] = [];
  private flushing = false;

  constructor(
    @Inject(ALERT_CORRELATOR_CONFIG) private readonly config: AlertCorrelatorConfig,
    @Inject(STORE) store: Store,
    @Inject(STATE) private readonly state: StateStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly publisher: BusPublisher,
  ) {
    this.events = new EventsRepository(store, retentionPolicy());
    this.traces = new TracesRepository(store, retentionPolicy());
  }

  private get checkpointKey(): string {
    return `alert-correlator/replica/${this.config.replicaId}/incidents`;
  }

  async onApplicationBootstrap(): Promise<void> {
    const saved = valueText(await this.state.get(this.checkpointKey));
    if (saved) this.book.restore(JSON.parse(saved) as IncidentBookSnapshot);
    this.timers.push(setInterval(() => void this.tick(), this.config.incidentTickMillis));
    this.timers.push(setInterval(() => void this.refreshGraph(), this.config.serviceGraphRefreshMillis));
    setImmediate(() => void this.refreshGraph());
  }

  async onApplicationShutdown(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.flush().catch(() => undefined);
    await this.state.releaseLease(LEADER_LEASE, this.config.replicaId).catch(() => false);
  }

  observe(tenant: string, input: CorrelationInput, nowMillis: number): void {
    if (!this.book.has(tenant)) setImmediate(() => void this.refreshGraph([tenant])); // a new tenant's graph now, not at the next refresh
    this.pending.push(...this.book.observe(tenant, input, nowMillis));
    if (this.pending.length > 0) void this.flush();
  }

  /** Ages incidents (resolution after the quiet period) and publishes what changed. */
  async tick(): Promise<void> {
    this.pending.push(...this.book.advance(this.clock.now()));
    await this.flush();
  }

  async refreshGraph(tenants = this.book.tenantNames()): Promise<void> {
    const now = this.clock.now();
    try {
      for (const tenant of tenants) {
        const edges = await this.traces.listServiceEdges(tenant, now - this.config.serviceGraphWindowMillis, now + 60_000);
        this.book.addEdges(tenant, edges.map((e) => ({ from: e.parentService, to: e.childService })));
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'service graph refresh failed; keeping the previous graph');
    }
  }

  /** Publishes pending events if this replica holds the lease; checkpoints either way. */
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.pending.length);
        try {
          if (await this.isLeader()) {
            await this.publisher.publish(TOPICS.incidents, batch.map((i) => ({ key: i.id, value: encodePayload(TOPICS.incidents, i) })));
            const token = createHash('sha256').update(batch.map((i) => `${i.tenant}/${i.id}@${i.revision}`).join(',')).digest('hex');
            await this.events.insertIncidents(batch, `incidents/${token}`);
            for (const i of batch) this.logger.info({ tenant: i.tenant, incident: i.id, status: i.status, revision: i.revision, alerts: i.memberAlertFingerprints.length }, 'incident');
          }
        } catch (error) {
          // The book has moved on: these events exist nowhere else, so they go back to the head of
          // the queue and the next flush retries them (ids and revisions make a repeat harmless).
          this.pending.unshift(...batch);
          throw error;
        }
      }
      await this.state.set(this.checkpointKey, textValue(JSON.stringify(this.book.snapshot())));
    } catch (error) {
      this.logger.error({ err: error }, 'incident publish failed');
    } finally {
      this.flushing = false;
    }
  }

  private async isLeader(): Promise<boolean> {
    const ttl = Math.max(this.config.incidentTickMillis * 3, 10_000);
    const id = this.config.replicaId;
    return (await this.state.renewLease(LEADER_LEASE, id, ttl)) || (await this.state.acquireLease(LEADER_LEASE, id, ttl));
  }
}
