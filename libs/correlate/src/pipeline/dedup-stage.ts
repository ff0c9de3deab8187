/**
 * The notification decision (Alertmanager's `DedupStage`): compare the alerts of this flush
 * with the notification log's last entry for the same integration and group, and let the
 * flush through only when the receiver would learn something — or the repeat interval passed.
 * A replica whose copies of the alerts are older than the ones the log reported waits instead
 * (its bus is behind; see `isBehindLog`).
 */
import type { Alert } from '../alerts/alert';
import { alertFingerprint, isResolvedAt } from '../alerts/alert';
import type { NotificationLog, NotificationLogEntry } from '../nflog/notification-log';
import { DEFAULT_NFLOG_RETENTION_MILLIS, alertVersionsOf, isBehindLog } from '../nflog/notification-log';
import type { IntegrationContext, Stage, StageResult } from './stage';

export interface DedupInput {
  /** The last logged notification, if any. */
  readonly entry: NotificationLogEntry | undefined;
  readonly firing: ReadonlySet<string>;
  readonly resolved: ReadonlySet<string>;
  readonly sendResolved: boolean;
  readonly repeatIntervalMillis: number;
  readonly nowMillis: number;
}

export type DedupReason =
  | 'first-notification'
  | 'new-firing-alert'
  | 'all-resolved'
  | 'newly-resolved'
  | 'repeat-interval-passed';

/**
 * `needsUpdate`, with the reason. Never notified → only if something fires. A firing alert
 * not in the last notification → notify. Nothing firing → notify only if the last
 * notification had firing alerts (sent even without send_resolved, to clear the log).
 * With send_resolved, a resolved alert not yet reported → notify. Otherwise repeat once the
 * last notification is strictly older than the repeat interval.
 */
export function notificationReason(input: DedupInput): DedupReason | undefined {
  const { entry, firing, resolved } = input;
  if (!entry) return firing.size > 0 ? 'first-notification' : undefined;
  const loggedFiring = new Set(entry.firingAlerts);
  for (const fp of firing) if (!loggedFiring.has(fp)) return 'new-firing-alert';
  if (firing.size === 0) return entry.firingAlerts.length > 0 ? 'all-resolved' : undefined;
  if (input.sendResolved) {
    const loggedResolved = new Set(entry.resolvedAlerts);
    for (const fp of resolved) if (!loggedResolved.has(fp)) return 'newly-resolved';
  }
  return entry.timestampMillis < input.nowMillis - input.repeatIntervalMillis ? 'repeat-interval-passed' : undefined;
}

/** Splits a flush's alerts into firing and resolved fingerprints (sorted). */
export function partitionByStatus(alerts: readonly Alert[], nowMillis: number): { firing: string[]; resolved: string[] } {
  const firing: string[] = [];
  const resolved: string[] = [];
  for (const alert of alerts) (isResolvedAt(alert, nowMillis) ? resolved : firing).push(alertFingerprint(alert));
  return { firing: firing.sort(), resolved: resolved.sort() };
}

export class DedupStage implements Stage<IntegrationContext> {
  readonly name = 'dedup';
  constructor(
    private readonly nflog: NotificationLog,
    private readonly retentionMillis = DEFAULT_NFLOG_RETENTION_MILLIS,
  ) {}

  async exec(ctx: IntegrationContext, alerts: readonly Alert[]): Promise<StageResult<IntegrationContext>> {
    const { firing, resolved } = partitionByStatus(alerts, ctx.nowMillis);
    let entry: NotificationLogEntry | undefined;
    try {
      entry = await this.nflog.query(ctx.receiverKey, ctx.groupKey);
    } catch (error) {
      return { ok: false, error: `notification log query failed: ${(error as Error).message}` };
    }
    const reason = notificationReason({
      entry,
      firing: new Set(firing),
      resolved: new Set(resolved),
      sendResolved: ctx.integration.sendResolved,
      repeatIntervalMillis: ctx.repeatIntervalMillis,
      nowMillis: ctx.nowMillis,
    });
    if (!reason) return { ok: true, ctx, alerts: [] };
    // Not a success: the resolved alerts stay in the group until this replica has caught up.
    if (isBehindLog(entry, alerts)) return { ok: false, error: `${ctx.receiverKey}: behind the notification log (older alert copies than it reported); waiting to catch up` };
    const nextEntry: NotificationLogEntry = {
      receiverKey: ctx.receiverKey,
      groupKey: ctx.groupKey,
      firingAlerts: firing,
      resolvedAlerts: resolved,
      timestampMillis: ctx.nowMillis,
      expiresAtMillis: ctx.nowMillis + this.retentionMillis,
      sequence: (entry?.sequence ?? 0) + 1,
      alertVersions: alertVersionsOf(alerts),
    };
    return { ok: true, ctx: { ...ctx, firing, resolved, previousEntry: entry, nextEntry }, alerts };
  }
}
