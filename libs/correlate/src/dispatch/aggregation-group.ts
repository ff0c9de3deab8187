/**
 * One aggregation group (Alertmanager's `aggrGroup`): the alerts of one route that share the
 * group labels, and the timer that flushes them — first after group_wait, then every
 * group_interval. Plain data, so the dispatcher's state snapshots as JSON.
 */
import type { Alert } from '../alerts/alert';
import { alertFingerprint, compareAlerts, isResolvedAt } from '../alerts/alert';
import type { LabelSet } from '../labels/fingerprint';
import type { RouteOptions } from '../routing/route';

export interface AggregationGroupState {
  readonly routeId: string;
  readonly groupKey: string;
  readonly labels: LabelSet;
  /** Fingerprint → the alert as last inserted. */
  alerts: Record<string, Alert>;
  /** When the timer fires next. */
  nextFlushAtMillis: number;
  /** After the first flush, new alerts wait for group_interval, not group_wait. */
  hasFlushed: boolean;
}

export function newAggregationGroup(routeId: string, groupKey: string, labels: LabelSet, options: RouteOptions, nowMillis: number): AggregationGroupState {
  return { routeId, groupKey, labels, alerts: {}, nextFlushAtMillis: nowMillis + options.groupWaitMillis, hasFlushed: false };
}

/**
 * `aggrGroup.insert`: stores the alert; before the first flush, an alert that started more
 * than group_wait ago makes the group flush at once (it has waited long enough already).
 */
export function insertIntoGroup(group: AggregationGroupState, alert: Alert, options: RouteOptions, nowMillis: number): void {
  group.alerts[alertFingerprint(alert)] = alert;
  if (!group.hasFlushed && alert.startsAtMillis + options.groupWaitMillis < nowMillis) {
    group.nextFlushAtMillis = Math.min(group.nextFlushAtMillis, nowMillis);
  }
}

/**
 * The alerts a flush at `nowMillis` sends: copies where an alert not yet resolved has its end
 * cleared (so it cannot turn resolved while the notification is on its way), in
 * Alertmanager's order.
 */
export function flushSnapshot(group: AggregationGroupState, nowMillis: number): Alert[] {
  return Object.values(group.alerts)
    .map((a) => (isResolvedAt(a, nowMillis) ? a : { ...a, endsAtMillis: null }))
    .sort(compareAlerts);
}

/**
 * After a successful flush, drop the resolved alerts that were sent — unless a newer copy
 * arrived meanwhile (its updatedAt differs), which must be sent next time.
 */
export function dropNotifiedResolved(group: AggregationGroupState, sent: readonly Alert[], nowMillis: number): void {
  for (const alert of sent) {
    if (!isResolvedAt(alert, nowMillis)) continue;
    const fp = alertFingerprint(alert);
    if (group.alerts[fp]?.updatedAtMillis === alert.updatedAtMillis) delete group.alerts[fp];
  }
}

export function isEmptyGroup(group: AggregationGroupState): boolean {
  return Object.keys(group.alerts).length === 0;
}
