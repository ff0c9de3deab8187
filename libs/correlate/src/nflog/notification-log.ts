/**
 * The notification log (Alertmanager's `nflog`): for each receiver integration and group key,
 * which alerts were firing and which resolved at the last successful notification, and when.
 * The dedup stage reads it; the record stage writes it. Shared by all replicas in the service
 * (a Redis-backed adapter), which is what makes each notification go out once.
 *
 * Beyond Alertmanager's entry, each entry has a `sequence` (its position in the chain of
 * notifications of one integration and group) and the `updatedAt` of every alert it
 * reported: replicas claim the next position before sending (notification-claims.ts), and a
 * replica holding older copies of those alerts knows its view is behind the log.
 */
import type { Alert } from '../alerts/alert';
import { alertFingerprint } from '../alerts/alert';

export interface NotificationLogEntry {
  /** `<receiver>/<integration kind>/<index>`, e.g. `team-db/slack/0`. */
  readonly receiverKey: string;
  readonly groupKey: string;
  /** Fingerprints of alerts that were firing in the notification, sorted. */
  readonly firingAlerts: readonly string[];
  /** Fingerprints of alerts that were resolved in the notification, sorted. */
  readonly resolvedAlerts: readonly string[];
  readonly timestampMillis: number;
  /** The entry may be dropped after this (retention). */
  readonly expiresAtMillis: number;
  /** 1 for the first notification of this integration and group, then +1 per notification. */
  readonly sequence: number;
  /** Fingerprint → `updatedAtMillis` of the copy of each alert the notification reported. */
  readonly alertVersions: Readonly<Record<string, number>>;
}

export interface NotificationLog {
  /** The last entry for this integration and group, if any. */
  query(receiverKey: string, groupKey: string): Promise<NotificationLogEntry | undefined>;
  /**
   * Records a notification, replacing the previous entry for the same key — unless the log
   * already holds this entry's `sequence` or a later one (then nothing changes: the log only
   * moves forward, so a late writer cannot undo a newer notification). True when written.
   */
  log(entry: NotificationLogEntry): Promise<boolean>;
}

/** Alertmanager's default `--data.retention`. */
export const DEFAULT_NFLOG_RETENTION_MILLIS = 120 * 3_600_000;

/** Entries written before sequences existed count as position 0 with no versions. */
export function withLogDefaults(entry: Omit<NotificationLogEntry, 'sequence' | 'alertVersions'> & Partial<NotificationLogEntry>): NotificationLogEntry {
  return { ...entry, sequence: entry.sequence ?? 0, alertVersions: entry.alertVersions ?? {} };
}

/** Whether `entry` may replace `current` (forward-only rule of `NotificationLog.log`). */
export function advancesLog(current: NotificationLogEntry | undefined, entry: NotificationLogEntry): boolean {
  return current === undefined || current.sequence < entry.sequence;
}

/** The versions to log for a flush's alerts. */
export function alertVersionsOf(alerts: readonly Alert[]): Record<string, number> {
  const versions: Record<string, number> = {};
  for (const alert of alerts) versions[alertFingerprint(alert)] = alert.updatedAtMillis;
  return versions;
}

/**
 * True when this replica holds an older copy of an alert than the one the log's last
 * notification reported: its bus is behind, and a replica further ahead already notified
 * newer news about that alert. Deciding from the older copy could re-announce what was
 * already said (a firing alert the log knows resolved), so the caller waits to catch up.
 */
export function isBehindLog(entry: NotificationLogEntry | undefined, alerts: readonly Alert[]): boolean {
  if (!entry) return false;
  for (const alert of alerts) {
    const logged = entry.alertVersions[alertFingerprint(alert)];
    if (logged !== undefined && alert.updatedAtMillis < logged) return true;
  }
  return false;
}

export class InMemoryNotificationLog implements NotificationLog {
  private readonly entries = new Map<string, NotificationLogEntry>();

  constructor(initial: readonly NotificationLogEntry[] = []) {
    for (const e of initial) this.entries.set(InMemoryNotificationLog.key(e.receiverKey, e.groupKey), e);
  }

  private static key(receiverKey: string, groupKey: string): string {
    return `${receiverKey}\u0000${groupKey}`;
  }

  async query(receiverKey: string, groupKey: string): Promise<NotificationLogEntry | undefined> {
    return this.entries.get(InMemoryNotificationLog.key(receiverKey, groupKey));
  }

  async log(entry: NotificationLogEntry): Promise<boolean> {
    const key = InMemoryNotificationLog.key(entry.receiverKey, entry.groupKey);
    if (!advancesLog(this.entries.get(key), entry)) return false;
    this.entries.set(key, entry);
    return true;
  }

  /** Drops entries past their expiry. */
  collectGarbage(nowMillis: number): number {
    let removed = 0;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAtMillis <= nowMillis) {
        this.entries.delete(key);
        removed++;
      }
    }
    return removed;
  }

  snapshot(): NotificationLogEntry[] {
    return [...this.entries.values()];
  }
}
