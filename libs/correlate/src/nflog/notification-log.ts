/**
 * The notification log (Alertmanager's `nflog`): for each receiver integration and group key,
 * which alerts were firing and which resolved at the last successful notification, and when.
 * The dedup stage reads it; the record stage writes it. Shared by all replicas in the service
 * (a Redis-backed adapter), which is what makes each notification go out once.
 */

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
}

export interface NotificationLog {
  /** The last entry for this integration and group, if any. */
  query(receiverKey: string, groupKey: string): Promise<NotificationLogEntry | undefined>;
  /** Records a notification, replacing the previous entry for the same key. */
  log(entry: NotificationLogEntry): Promise<void>;
}

/** Alertmanager's default `--data.retention`. */
export const DEFAULT_NFLOG_RETENTION_MILLIS = 120 * 3_600_000;

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

  async log(entry: NotificationLogEntry): Promise<void> {
    this.entries.set(InMemoryNotificationLog.key(entry.receiverKey, entry.groupKey), entry);
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
