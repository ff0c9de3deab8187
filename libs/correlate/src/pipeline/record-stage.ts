/**
 * The last stage (Alertmanager's `SetNotifiesStage`): after a successful delivery, log which
 * alerts were firing and resolved, so the next flush's dedup compares against it.
 */
import type { Alert } from '../alerts/alert';
import type { NotificationLog } from '../nflog/notification-log';
import { DEFAULT_NFLOG_RETENTION_MILLIS } from '../nflog/notification-log';
import type { IntegrationContext, Stage, StageResult } from './stage';

export class RecordStage implements Stage<IntegrationContext> {
  readonly name = 'record';
  constructor(
    private readonly nflog: NotificationLog,
    private readonly retentionMillis = DEFAULT_NFLOG_RETENTION_MILLIS,
  ) {}

  async exec(ctx: IntegrationContext, alerts: readonly Alert[]): Promise<StageResult<IntegrationContext>> {
    try {
      await this.nflog.log({
        receiverKey: ctx.receiverKey,
        groupKey: ctx.groupKey,
        firingAlerts: ctx.firing ?? [],
        resolvedAlerts: ctx.resolved ?? [],
        timestampMillis: ctx.nowMillis,
        expiresAtMillis: ctx.nowMillis + this.retentionMillis,
      });
    } catch (error) {
      return { ok: false, error: `notification log write failed: ${(error as Error).message}` };
    }
    return { ok: true, ctx, alerts };
  }
}
