/**
 * Wires the stages in Alertmanager's order: inhibit → silence → (per receiver, per
 * integration, side by side) dedup → [claim] → retry → [mark sent] → record. The bracketed
 * stages exist when replicas share claims (once-only delivery across replicas).
 */
import type { AlertMarker } from '../alerts/marker';
import type { IntegrationKind, ReceiverConfig } from '../config/config.types';
import type { NotificationClaims } from '../nflog/notification-claims';
import type { NotificationLog } from '../nflog/notification-log';
import { ClaimStage } from './claim-stage';
import type { Silences } from '../silences/silence-store';
import { DedupStage } from './dedup-stage';
import type { Inhibitor } from './inhibitor';
import { InhibitStage, SilenceStage } from './mute-stages';
import type { Notifier } from './notifier';
import { RecordStage } from './record-stage';
import type { RetryPolicy, Sleep } from './retry-stage';
import { RetryStage } from './retry-stage';
import type { FlushContext, IntegrationContext, Stage } from './stage';
import { FanoutStage, MultiStage, RoutingStage } from './stage';

/** One notifier per integration kind: a new channel is one entry, not a switch. */
export type NotifierRegistry = Readonly<Record<IntegrationKind, Notifier>>;

export interface PipelineDeps {
  readonly receivers: readonly ReceiverConfig[];
  readonly inhibitor: Inhibitor;
  readonly marker: AlertMarker;
  readonly silences: Silences;
  readonly nflog: NotificationLog;
  readonly notifiers: NotifierRegistry;
  readonly retryPolicy: RetryPolicy;
  readonly sleep: Sleep;
  /** Shared by replicas for once-only delivery; without it (one replica) the stages are left out. */
  readonly claims?: NotificationClaims;
}

export function buildPipeline(deps: PipelineDeps): Stage<FlushContext> {
  const byReceiver = new Map<string, Stage<FlushContext>>();
  const delivery = (kind: IntegrationKind) => new RetryStage(deps.notifiers[kind], deps.retryPolicy, deps.sleep);
  for (const receiver of deps.receivers) {
    const branches = receiver.integrations.map((integration) => ({
      integration,
      stage: new MultiStage<IntegrationContext>([
        new DedupStage(deps.nflog),
        deps.claims ? new ClaimStage(deps.claims, delivery(integration.kind)) : delivery(integration.kind),
        new RecordStage(deps.nflog),
      ]),
    }));
    byReceiver.set(receiver.name, new FanoutStage(branches));
  }
  return new MultiStage<FlushContext>([
    new InhibitStage(deps.inhibitor, deps.marker),
    new SilenceStage(deps.silences, deps.marker),
    new RoutingStage(byReceiver),
  ]);
}
