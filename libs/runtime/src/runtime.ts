import type { Bus } from '@vigil/bus';
import type { VigilConfig } from '@vigil/config';
import type { HealthRegistry, Logger, Registry } from '@vigil/observability';
import type { StateStore } from '@vigil/state';
import type { Store } from '@vigil/store';
import type { Clock } from './clock';

/**
 * Everything a service is given, built once per process from config (createRuntime) and shared
 * by the services in it. Services see the ports (Bus, Store, StateStore), never which adapter
 * is behind them.
 */
export interface Runtime {
  readonly config: Readonly<VigilConfig>;
  readonly logger: Logger;
  readonly bus: Bus;
  readonly store: Store;
  readonly state: StateStore;
  readonly metrics: Registry;
  readonly health: HealthRegistry;
  readonly clock: Clock;
  /** Closes the adapters in dependency order: bus (commits), state (snapshot), store. */
  close(): Promise<void>;
}
