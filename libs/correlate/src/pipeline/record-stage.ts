/**
 * The last stage (Alertmanager's `SetNotifiesStage`): after a successful delivery, log the
 * entry dedup prepared (which alerts were firing and resolved), so the next flush's dedup
 * compares against it. The log only moves forward: writing an entry it already has is a no-op.
 */
import type { Alert } from '../alerts/alert';
import type { NotificationLog } from '../nflog/notification-log';
import type { IntegrationContext, Stage, StageResult } from './stage';

export class RecordStage implements Stage<IntegrationContext> {
  readonly name = 'record';
  constructor(private readonly nflog: NotificationLog) {}

  async exec(ctx: IntegrationContext, alerts: readonly Alert[]): Promise<StageResult<IntegrationContext>> {
    if (!ctx.nextEntry) return { ok: false, error: `${ctx.receiverKey}: nothing to record (dedup did not run)` };
    try {
      await this.nflog.log(ctx.nextEntry);
    } catch (error) {
      return { ok: false, error: `notification log write failed: ${(error as Error).message}` };
    }
    return { ok: true, ctx, alerts };
  }
}
