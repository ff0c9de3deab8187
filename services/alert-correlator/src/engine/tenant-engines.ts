/**
 * One AlertmanagerEngine per tenant, each with its own notification log, silences and claims
 * under the tenant's key prefix: a tenant's alerts never group, inhibit or silence another's
 * (docs/decisions/103-*.md). Engines are made on a tenant's first alert or API call, and their
 * state (alerts, marks, group timers) is checkpointed per tenant so a restart resumes.
 */
import { randomUUID } from 'node:crypto';
import type { AlertmanagerConfig, EngineSnapshot, NotifierRegistry, RetryPolicy } from '@vigil/correlate';
import { AlertmanagerEngine } from '@vigil/correlate';
import type { StateStore } from '@vigil/state';
import { textValue, valueText } from '@vigil/state';
import { StateNotificationClaims, StateNotificationLog, StateSilenceStore, TenantKeys } from '../state/state-ports';

const SHARED_PREFIX = 'alert-correlator';

export interface TenantEnginesOptions {
  readonly state: StateStore;
  readonly clock: { now(): number };
  readonly notifiers: NotifierRegistry;
  readonly retryPolicy: RetryPolicy;
  readonly replicaId: string;
}

export class TenantEngines {
  private readonly engines = new Map<string, AlertmanagerEngine>();
  private config!: AlertmanagerConfig;

  constructor(private readonly options: TenantEnginesOptions) {}

  private checkpointPrefix(): string {
    return `${SHARED_PREFIX}/replica/${this.options.replicaId}/engine/`;
  }

  get currentConfig(): AlertmanagerConfig {
    return this.config;
  }

  tenants(): string[] {
    return [...this.engines.keys()].sort();
  }

  /** Loads the config and every checkpointed tenant engine of this replica. */
  async start(config: AlertmanagerConfig): Promise<number> {
    this.config = config;
    const entries = await this.options.state.scan(this.checkpointPrefix());
    for (const entry of entries) {
      const tenant = decodeURIComponent(entry.key.slice(this.checkpointPrefix().length));
      const engine = this.create(tenant);
      engine.restore(JSON.parse(valueText(entry.value) as string) as EngineSnapshot);
    }
    return entries.length;
  }

  get(tenant: string): AlertmanagerEngine {
    return this.engines.get(tenant) ?? this.create(tenant);
  }

  /** The engine if the tenant has one (read paths must not create engines for strangers). */
  find(tenant: string): AlertmanagerEngine | undefined {
    return this.engines.get(tenant);
  }

  private create(tenant: string): AlertmanagerEngine {
    const { state, clock, notifiers, retryPolicy } = this.options;
    const keys = new TenantKeys(SHARED_PREFIX, tenant);
    const engine = new AlertmanagerEngine(
      this.config,
      {
        notifiers,
        nflog: new StateNotificationLog(state, keys, clock),
        silenceStore: new StateSilenceStore(state, keys),
        claims: new StateNotificationClaims(state, keys),
        newSilenceId: () => randomUUID(),
        sleep: (millis) => new Promise((resolve) => setTimeout(resolve, millis)),
        retryPolicy,
      },
      clock.now(),
    );
    this.engines.set(tenant, engine);
    return engine;
  }

  /** Earliest time any tenant's engine has work. */
  nextDueMillis(): number {
    let due = Infinity;
    for (const engine of this.engines.values()) due = Math.min(due, engine.nextDueMillis());
    return due;
  }

  /** Hot reload: every engine gets the new tree; the shared nflog keeps receivers from hearing repeats. */
  reload(config: AlertmanagerConfig, nowMillis: number): void {
    this.config = config;
    for (const engine of this.engines.values()) engine.reload(config, nowMillis);
  }

  async checkpoint(tenant: string): Promise<void> {
    const engine = this.engines.get(tenant);
    if (!engine) return;
    await this.options.state.set(this.checkpointPrefix() + encodeURIComponent(tenant), textValue(JSON.stringify(engine.snapshot())));
  }
}
