/**
 * The notification pipeline's shape, after Alertmanager's `notify` package: a flush of one
 * aggregation group runs through stages, each taking the alerts left by the one before.
 * `MultiStage` runs stages in order and stops at the first failure or when no alert is left;
 * `FanoutStage` runs branches side by side (one per receiver integration); `RoutingStage`
 * picks the receiver's branch. Results are values, never thrown.
 */
import type { Alert } from '../alerts/alert';
import type { IntegrationConfig } from '../config/config.types';
import type { LabelSet } from '../labels/fingerprint';
import type { NotificationLogEntry } from '../nflog/notification-log';

/** Something the pipeline did that the service may publish or count. */
export type PipelineEvent =
  | {
      readonly type: 'notified';
      readonly receiverKey: string;
      readonly groupKey: string;
      readonly firing: readonly string[];
      readonly resolved: readonly string[];
      readonly attempts: number;
      readonly atMillis: number;
    }
  | {
      readonly type: 'dead-letter';
      readonly receiverKey: string;
      readonly groupKey: string;
      readonly reason: string;
      readonly attempts: number;
      readonly alerts: readonly Alert[];
      readonly atMillis: number;
    };

/** What every stage of one flush knows. */
export interface FlushContext {
  /** The flush time: the group's tick, not a clock read inside a stage. */
  readonly nowMillis: number;
  readonly groupKey: string;
  readonly groupLabels: LabelSet;
  readonly receiver: string;
  readonly routeId: string;
  readonly repeatIntervalMillis: number;
  /** Sink for events; the dispatcher hands them back to the caller. */
  readonly events: PipelineEvent[];
}

/** A flush context narrowed to one receiver integration, with dedup's findings. */
export interface IntegrationContext extends FlushContext {
  readonly integration: IntegrationConfig;
  readonly receiverKey: string;
  /** Set by the dedup stage: fingerprints firing / resolved in this flush. */
  readonly firing?: readonly string[];
  readonly resolved?: readonly string[];
  /** Set by dedup: the log entry it compared against (undefined: never notified). */
  readonly previousEntry?: NotificationLogEntry;
  /**
   * Set by dedup: the entry the record stage writes after delivery. The claim stage replaces
   * it with another replica's entry when that replica delivered but did not log.
   */
  readonly nextEntry?: NotificationLogEntry;
}

export type StageResult<C> =
  | { readonly ok: true; readonly ctx: C; readonly alerts: readonly Alert[] }
  | { readonly ok: false; readonly error: string };

export interface Stage<C = FlushContext> {
  readonly name: string;
  exec(ctx: C, alerts: readonly Alert[]): Promise<StageResult<C>>;
}

/** Runs stages in order; an empty alert list ends the run successfully. */
export class MultiStage<C> implements Stage<C> {
  readonly name: string;
  constructor(private readonly stages: readonly Stage<C>[]) {
    this.name = stages.map((s) => s.name).join(' → ');
  }

  async exec(ctx: C, alerts: readonly Alert[]): Promise<StageResult<C>> {
    let current: StageResult<C> = { ok: true, ctx, alerts };
    for (const stage of this.stages) {
      if (!current.ok || current.alerts.length === 0) return current;
      current = await stage.exec(current.ctx, current.alerts);
    }
    return current;
  }
}

/** Runs one branch per integration of a receiver, concurrently; fails if any branch fails. */
export class FanoutStage implements Stage<FlushContext> {
  readonly name = 'fanout';
  constructor(private readonly branches: readonly { integration: IntegrationConfig; stage: Stage<IntegrationContext> }[]) {}

  async exec(ctx: FlushContext, alerts: readonly Alert[]): Promise<StageResult<FlushContext>> {
    const results = await Promise.all(
      this.branches.map(({ integration, stage }) =>
        stage.exec({ ...ctx, integration, receiverKey: receiverKey(ctx.receiver, integration) }, alerts),
      ),
    );
    const errors = results.flatMap((r) => (r.ok ? [] : [r.error]));
    if (errors.length > 0) return { ok: false, error: errors.join('; ') };
    return { ok: true, ctx, alerts };
  }
}

/** Chooses the receiver's stage by `ctx.receiver`. */
export class RoutingStage implements Stage<FlushContext> {
  readonly name = 'routing';
  constructor(private readonly receivers: ReadonlyMap<string, Stage<FlushContext>>) {}

  async exec(ctx: FlushContext, alerts: readonly Alert[]): Promise<StageResult<FlushContext>> {
    const stage = this.receivers.get(ctx.receiver);
    if (!stage) return { ok: false, error: `stage for receiver missing: ${ctx.receiver}` };
    return stage.exec(ctx, alerts);
  }
}

/** Alertmanager's `nflogpb.Receiver` string: `<receiver>/<integration>/<index>`. */
export function receiverKey(receiver: string, integration: Pick<IntegrationConfig, 'kind' | 'index'>): string {
  return `${receiver}/${integration.kind}/${integration.index}`;
}
