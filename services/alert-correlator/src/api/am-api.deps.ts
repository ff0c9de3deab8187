import type { OutgoingMessage } from '@vigil/bus';
import type { Alert } from '@vigil/contracts';
import type { Logger } from '@vigil/observability';
import type { Clock } from '@vigil/runtime';
import type { AlertCorrelatorConfig } from '../alert-correlator.config';
import type { TenantEngines } from '../engine/tenant-engines';
import type { TenantAuth } from './tenant-auth';

/** What the API routes need from the service (an interface, so routes know no Nest). */
export interface AmApiDeps {
  readonly service: {
    readonly config: AlertCorrelatorConfig;
    readonly engines: TenantEngines;
    readonly startedAtMillis: number;
    readonly isReady: boolean;
    reload(): Promise<void>;
    /** Resolves once this replica's engine holds these published alerts (bounded wait). */
    awaitIngested(messages: readonly Alert[], timeoutMillis: number): Promise<void>;
    /** Re-evaluates due work now (a silence changed). */
    wake(): void;
  };
  readonly auth: TenantAuth;
  readonly clock: Clock;
  readonly logger: Logger;
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  /** The replicas alive now (name, API address), for `cluster.peers`. */
  peers(): Promise<{ name: string; address: string }[]>;
}
