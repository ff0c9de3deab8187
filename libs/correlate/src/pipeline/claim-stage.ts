/**
 * Once-only delivery across replicas (see notification-claims.ts): `ClaimStage` wraps the
 * delivery stage. It claims the log position dedup decided on, delivers, then marks the claim
 * sent — or releases it when delivery failed, so the next flush (on any replica) retries.
 * Losing to an in-flight claim is not a success: the flush keeps its resolved alerts until
 * the log shows what the winner sent. Finding the position "sent" means the winner crashed
 * before logging: its entry is logged (by the record stage) and nothing is sent again.
 */
import type { Alert } from '../alerts/alert';
import type { NotificationClaims } from '../nflog/notification-claims';
import { notificationClaimId } from '../nflog/notification-claims';
import type { IntegrationContext, Stage, StageResult } from './stage';

/**
 * How long an in-flight claim blocks other replicas: longer than a delivery with all its
 * retries, short enough that a replica that died mid-flight does not hold the group for long.
 */
export const DEFAULT_IN_FLIGHT_MILLIS = 2 * 60_000;
/** A sent claim only needs to outlive the next few flushes, until the log has the entry. */
export const DEFAULT_SENT_RETENTION_MILLIS = 24 * 3_600_000;

export class ClaimStage implements Stage<IntegrationContext> {
  readonly name: string;
  constructor(
    private readonly claims: NotificationClaims,
    private readonly delivery: Stage<IntegrationContext>,
    private readonly inFlightMillis = DEFAULT_IN_FLIGHT_MILLIS,
    private readonly sentRetentionMillis = DEFAULT_SENT_RETENTION_MILLIS,
  ) {
    this.name = `claim(${delivery.name})`;
  }

  async exec(ctx: IntegrationContext, alerts: readonly Alert[]): Promise<StageResult<IntegrationContext>> {
    const entry = ctx.nextEntry;
    if (!entry) return { ok: false, error: `${ctx.receiverKey}: nothing to claim (dedup did not run)` };
    const id = notificationClaimId({ receiverKey: ctx.receiverKey, groupKey: ctx.groupKey, previous: ctx.previousEntry });
    let claimed;
    try {
      claimed = await this.claims.claim(id, entry, this.inFlightMillis, ctx.nowMillis);
    } catch (error) {
      return { ok: false, error: `notification claim failed: ${(error as Error).message}` };
    }
    if (claimed.outcome === 'in-flight') return { ok: false, error: `${ctx.receiverKey}: notification in flight on another replica` };
    if (claimed.outcome === 'sent') return { ok: true, ctx: { ...ctx, nextEntry: claimed.entry }, alerts };

    const delivered = await this.delivery.exec(ctx, alerts);
    try {
      if (delivered.ok) await this.claims.markSent(id, entry, this.sentRetentionMillis, ctx.nowMillis);
      else await this.claims.release(id, entry, ctx.nowMillis);
    } catch (error) {
      if (delivered.ok) return { ok: false, error: `notification claim update failed: ${(error as Error).message}` };
      // A release that failed only delays the retry until the in-flight claim expires.
    }
    return delivered;
  }
}
