import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BusPublisher, type MessageBatch, type OutgoingMessage } from '@vigil/bus';
import type { FlushReport } from '@vigil/correlate';
import { alertFingerprint, isResolvedAt, type Alert as EngineAlert } from '@vigil/correlate';
import { TOPICS, type Alert } from '@vigil/contracts';
import { METRICS, type Logger, type Registry } from '@vigil/observability';
import { CLOCK, LOGGER, STATE, type Clock } from '@vigil/runtime';
import type { StateStore } from '@vigil/state';
import type { AlertCorrelatorConfig } from './alert-correlator.config';
import { ALERT_CORRELATOR_CONFIG } from './alert-correlator.tokens';
import { CorrelatorMetrics } from './correlator-metrics';
import { type AlertRecord, undeliveredNotification, unmappableAlert } from './dead-letters';
import { engineAlertOf } from './engine/alert-mapping';
import { AlertmanagerFileError, readAlertmanagerFile } from './engine/alertmanager-file';
import { TenantEngines } from './engine/tenant-engines';
import { IncidentsService } from './incidents/incidents.service';
import { createNotifiers } from './notifiers/notifier-registry';

const GC_INTERVAL_MILLIS = 30 * 60_000;
const ingestKey = (m: Alert): string => `${m.tenant}/${m.fingerprint}/${m.updatedAtUnixMs}`;

/**
 * The alert-correlator shell: alerts from `vigil.alerts.v1` go into the tenant's engine; a
 * loop driven by the injected clock flushes groups when `nextDueMillis()` comes (the engine's
 * pipeline notifies, sharing nflog/claims with every replica); state is checkpointed before a
 * batch is committed and after each flush, so a restart neither loses alerts nor re-notifies.
 */
@Injectable()
export class AlertCorrelatorService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly engines: TenantEngines;
  readonly startedAtMillis: number;
  private readonly notifiers: ReturnType<typeof createNotifiers>;
  private running = false;
  private loopDone: Promise<void> = Promise.resolve();
  private wakeLoop: () => void = () => undefined;
  private reloadTimer?: NodeJS.Timeout;
  private fileText = '';
  private nextGcMillis = 0;
  private ready = false;
  private readonly metrics: CorrelatorMetrics;
  /** API requests waiting for their alerts to reach this replica's engine (read-your-writes). */
  private readonly waiters = new Map<string, (() => void)[]>();

  constructor(
    @Inject(ALERT_CORRELATOR_CONFIG) readonly config: AlertCorrelatorConfig,
    @Inject(STATE) state: StateStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly publisher: BusPublisher,
    private readonly incidents: IncidentsService,
    @Inject(METRICS) registry: Registry,
  ) {
    this.metrics = new CorrelatorMetrics(registry);
    this.notifiers = createNotifiers(config.externalUrl, config.notifyTimeoutMillis);
    this.engines = new TenantEngines({ state, clock, notifiers: this.notifiers.registry, retryPolicy: config.retry, replicaId: config.replicaId });
    this.startedAtMillis = clock.now();
  }

  /** Re-evaluates due work now (new alerts, a silence or config changed). */
  wake(): void {
    this.wakeLoop();
  }

  get isReady(): boolean {
    return this.ready;
  }

  async onApplicationBootstrap(): Promise<void> {
    const config = await readAlertmanagerFile(this.config.configFile); // a bad file stops the start, naming every problem
    this.fileText = config.original;
    const restored = await this.engines.start(config);
    this.logger.info({ file: this.config.configFile, receivers: config.receivers.length, restoredTenants: restored }, 'Alertmanager config loaded');
    this.nextGcMillis = this.clock.now() + GC_INTERVAL_MILLIS;
    this.running = true;
    this.loopDone = this.loop();
    if (this.config.reloadIntervalMillis > 0) this.reloadTimer = setInterval(() => void this.reloadIfChanged(), this.config.reloadIntervalMillis);
    this.ready = true;
  }

  async onApplicationShutdown(): Promise<void> {
    this.ready = false;
    this.running = false;
    if (this.reloadTimer) clearInterval(this.reloadTimer);
    this.wake();
    await this.loopDone;
    for (const tenant of this.engines.tenants()) await this.engines.checkpoint(tenant).catch((error: unknown) => this.logger.warn({ err: error, tenant }, 'final checkpoint failed'));
    this.notifiers.close();
  }

  /**
   * One partition's batch of alert messages; resolves once their effect is checkpointed. A
   * message the engine cannot take goes to the dead-letter topic (awaited: if that publish
   * fails, the batch fails and is redelivered, so nothing is lost).
   */
  async ingest(batch: Pick<MessageBatch<AlertRecord>, 'partition' | 'groupId' | 'messages'>): Promise<void> {
    const now = this.clock.now();
    const touched = new Set<string>();
    const deadLetters: OutgoingMessage[] = [];
    const resolveTimeout = this.engines.currentConfig.resolveTimeoutMillis;
    for (const consumed of batch.messages) {
      const message = consumed.value.alert;
      let alert: EngineAlert;
      try {
        alert = engineAlertOf(message, resolveTimeout);
      } catch (error) {
        this.logger.warn({ tenant: message.tenant, fingerprint: message.fingerprint, partition: batch.partition, offset: consumed.offset, reason: (error as Error).message }, 'unmappable alert dead-lettered');
        deadLetters.push(unmappableAlert(consumed, batch.partition, batch.groupId, error as Error, now));
        continue;
      }
      // Alertmanager starts a group's timers when it receives the alert: that is the API's receive
      // time (`updatedAt`), not when this replica read it off the bus, so replicas run the same
      // timers and a small bus lag does not delay notifications. A replica lagging further
      // anchors at most maxAnchorLagMillis back: otherwise a group would be due the moment its
      // first alert arrives, before the rest of the same POST (decision 104).
      const lagMillis = Math.max(0, now - (message.updatedAtUnixMs || now));
      const receivedMillis = now - Math.min(lagMillis, this.config.maxAnchorLagMillis);
      const stored = this.engines.get(message.tenant).ingest(alert, receivedMillis);
      touched.add(message.tenant);
      this.metrics.alertsIngested.inc();
      const key = ingestKey(message);
      for (const release of this.waiters.get(key) ?? []) release();
      this.waiters.delete(key);
      this.incidents.observe(message.tenant, {
        fingerprint: alertFingerprint(stored),
        labels: stored.labels,
        status: isResolvedAt(stored, now) ? 'resolved' : 'firing',
        startsAtMillis: stored.startsAtMillis,
      }, now);
    }
    if (deadLetters.length > 0) {
      await this.publisher.publish(TOPICS.deadLetter, deadLetters);
      this.metrics.alertsDeadLettered.inc(deadLetters.length);
    }
    for (const tenant of touched) await this.engines.checkpoint(tenant);
    this.metrics.tenants.set(this.engines.tenants().length);
    this.wake();
  }

  /**
   * Resolves once this replica's engine holds the given published alerts, or after
   * `timeoutMillis`: the API answers a POST after that, so a client that posts and then reads
   * (amtool, Prometheus' next evaluation) sees its alerts, as with Alertmanager.
   */
  async awaitIngested(messages: readonly Alert[], timeoutMillis: number): Promise<void> {
    const pending = messages.map(
      (m) =>
        new Promise<void>((resolve) => {
          const key = ingestKey(m);
          this.waiters.set(key, [...(this.waiters.get(key) ?? []), resolve]);
        }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMillis)));
    await Promise.race([Promise.all(pending), timeout]);
    clearTimeout(timer);
    for (const m of messages) this.waiters.delete(ingestKey(m));
  }

  /** Re-reads the file (POST /-/reload); rejects with the problems and keeps the old config. */
  async reload(): Promise<void> {
    const config = await readAlertmanagerFile(this.config.configFile);
    this.fileText = config.original;
    this.engines.reload(config, this.clock.now());
    this.logger.info({ file: this.config.configFile }, 'Alertmanager config reloaded');
    this.wake();
  }

  private async reloadIfChanged(): Promise<void> {
    try {
      const config = await readAlertmanagerFile(this.config.configFile);
      if (config.original === this.fileText) return;
      this.fileText = config.original;
      this.engines.reload(config, this.clock.now());
      this.logger.info({ file: this.config.configFile }, 'Alertmanager config changed; reloaded');
      this.wake();
    } catch (error) {
      const problems = error instanceof AlertmanagerFileError ? error.problems : [(error as Error).message];
      this.logger.error({ file: this.config.configFile, problems }, 'Alertmanager config reload rejected; keeping the previous config');
    }
  }

  /** Flushes due groups whenever the clock reaches `nextDueMillis()`; sleeps at most maxIdleMillis (the clock may be simulated). */
  private async loop(): Promise<void> {
    while (this.running) {
      try {
        const now = this.clock.now();
        if (now >= this.nextGcMillis) await this.collectGarbage(now);
        for (const tenant of this.engines.tenants()) {
          const engine = this.engines.get(tenant);
          if (engine.nextDueMillis() > now) continue;
          const reports = await engine.advance(now);
          await this.engines.checkpoint(tenant);
          await this.report(tenant, reports);
        }
      } catch (error) {
        this.logger.error({ err: error }, 'flush failed; retrying on the next tick');
      }
      const waitMillis = Math.max(0, Math.min(this.config.maxIdleMillis, this.engines.nextDueMillis() - this.clock.now()));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMillis);
        this.wakeLoop = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private async collectGarbage(now: number): Promise<void> {
    this.nextGcMillis = now + GC_INTERVAL_MILLIS;
    for (const tenant of this.engines.tenants()) await this.engines.get(tenant).collectGarbage(now);
  }

  /** Logs deliveries; a delivery that ran out of retries becomes a record on `vigil.deadletter.v1`. */
  private async report(tenant: string, reports: readonly FlushReport[]): Promise<void> {
    for (const r of reports) {
      for (const e of r.events) {
        const integration = e.receiverKey.split('/').at(-2) ?? 'unknown';
        this.metrics.notifications.inc({ integration, outcome: e.type === 'notified' ? 'sent' : 'dead_letter' });
        if (e.type === 'notified') {
          this.logger.info({ tenant, receiver: e.receiverKey, groupKey: e.groupKey, firing: e.firing.length, resolved: e.resolved.length, attempts: e.attempts }, 'notified');
          continue;
        }
        this.logger.error({ tenant, receiver: e.receiverKey, groupKey: e.groupKey, reason: e.reason, attempts: e.attempts }, 'notification dead-lettered');
        const record = undeliveredNotification({
          tenant, receiverKey: e.receiverKey, groupKey: e.groupKey, fingerprints: e.alerts.map(alertFingerprint), reason: e.reason,
          consumerGroup: `alert-correlator.${this.config.replicaId}`, atMillis: e.atMillis,
        });
        await this.publisher.publish(TOPICS.deadLetter, [record]).catch((error: unknown) => {
          this.logger.error({ err: error }, 'dead-letter record could not be published');
        });
      }
    }
  }
}
