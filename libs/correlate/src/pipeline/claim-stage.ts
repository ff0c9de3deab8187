/**
 * The two stages that make delivery once-only across replicas (see notification-claims.ts):
 * `ClaimStage` after dedup, `MarkSentStage` after a successful delivery.
 */
import type { Alert } from '../alerts/alert';
import type { NotificationClaims } from '../nflog/notification-claims';
import { notificationId } from '../nflog/notification-claims';
import type { IntegrationContext, Stage, StageResult } from './stage';

/**
 * How long an in-flight claim blocks other replicas: long enough for a delivery with retries,
 * short enough that a replica that died mid-flight does not silence the group for long.
 */
export const DEFAULT_IN_FLIGHT_MILLIS = 2 * 60_000;
/** A sent claim only needs to outlive the next few flushes, until the log has the entry. */
export const DEFAULT_SENT_RETENTION_MILLIS = 24 * 3_600_000;

export class ClaimStage implements Stage<IntegrationContext> {
  readonly name = 'claim';
  constructor(
    private readonly claims: NotificationClaims,
    private readonly inFlightMillis = DEFAULT_IN_FLIGHT_MILLIS,
  ) {}

  async exec(ctx: IntegrationContext, alerts: readonly Alert[]): Promise<StageResult<IntegrationContext>> {
    const id = notificationId({
      receiverKey: ctx.receiverKey, groupKey: ctx.groupKey, firing: ctx.firing ?? [], resolved: ctx.resolved ?? [], previousEntryMillis: ctx.previousEntryMillis,
    });
    let outcome;
    try {
      outcome = await this.claims.claim(id, this.inFlightMillis, ctx.nowMillis);
    } catch (error) {
      return { ok: false, error: `notification claim failed: ${(error as Error).message}` };
    }
    if (outcome === 'in-flight') return { ok: true, ctx, alerts: [] }; // another replica is sending it
    return { ok: true, ctx: { ...ctx, notificationId: id, alreadySent: outcome === 'sent' }, alerts };
  }
}

export class MarkSentStage implements Stage<IntegrationContext> {
  readonly name = 'mark-sent';
  constructor(
    private readonly claims: NotificationClaims,
    private readonly sentRetentionMillis = DEFAULT_SENT_RETENTION_MILLIS,
  ) {}

  async exec(ctx: IntegrationContext, alerts: readonly Alert[]): Promise<StageResult<IntegrationContext>> {
    if (ctx.notificationId && !ctx.alreadySent) {
      try {
        await this.claims.markSent(ctx.notificationId, this.sentRetentionMillis, ctx.nowMillis);
      } catch (error) {
        return { ok: false, error: `notification claim update failed: ${(error as Error).message}` };
      }
    }
    return { ok: true, ctx, alerts };
  }
}
