/**
 * All alerts Alertmanager knows, by fingerprint (its in-memory `provider`): a re-sent alert
 * whose activity overlaps the stored one is merged into it, otherwise it replaces it.
 * Resolved alerts stay until garbage-collected, so inhibition and the API still see them.
 */
import type { Alert } from './alert';
import { alertFingerprint, isResolvedAt, mergeAlerts, overlaps } from './alert';

export class AlertStore {
  private readonly alerts = new Map<string, Alert>();

  /** Stores the alert (merged with an overlapping stored copy) and returns what is stored. */
  put(alert: Alert, nowMillis: number): Alert {
    const fp = alertFingerprint(alert);
    const old = this.alerts.get(fp);
    const stored = old && overlaps(old, alert) ? mergeAlerts(old, alert, nowMillis) : alert;
    this.alerts.set(fp, stored);
    return stored;
  }

  get(fp: string): Alert | undefined {
    return this.alerts.get(fp);
  }

  list(): Alert[] {
    return [...this.alerts.values()];
  }

  /** Drops alerts resolved at `nowMillis` (Alertmanager does this every 30 minutes). */
  collectGarbage(nowMillis: number): string[] {
    const removed: string[] = [];
    for (const [fp, alert] of this.alerts) {
      if (isResolvedAt(alert, nowMillis)) {
        this.alerts.delete(fp);
        removed.push(fp);
      }
    }
    return removed;
  }

  snapshot(): Alert[] {
    return this.list();
  }

  static restore(alerts: readonly Alert[]): AlertStore {
    const store = new AlertStore();
    for (const alert of alerts) store.alerts.set(alertFingerprint(alert), alert);
    return store;
  }
}
