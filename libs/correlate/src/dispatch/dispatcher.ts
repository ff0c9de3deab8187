/**
 * The dispatcher (Alertmanager's `dispatch.Dispatcher`) driven by a clock you pass in:
 * `insert` sorts an alert into the aggregation groups of every route it matches, `advance`
 * flushes the groups whose timers are due through the notification pipeline, and every
 * maintenance interval empty groups are removed. No `Date.now()` anywhere: the service calls
 * `advance(now)` at `nextDueMillis()`, a simulation steps through time exactly.
 */
import type { Alert } from '../alerts/alert';
import type { LabelSet } from '../labels/fingerprint';
import type { Route } from '../routing/route';
import { allRoutes, groupFingerprint, groupKey, groupLabels, matchRoutes } from '../routing/route';
import type { FlushContext, PipelineEvent, Stage } from '../pipeline/stage';
import type { AggregationGroupState } from './aggregation-group';
import { dropNotifiedResolved, flushSnapshot, insertIntoGroup, isEmptyGroup, newAggregationGroup } from './aggregation-group';

/** Alertmanager removes empty groups on a 30 s ticker. */
export const DEFAULT_MAINTENANCE_INTERVAL_MILLIS = 30_000;

export interface FlushReport {
  readonly groupKey: string;
  readonly receiver: string;
  readonly atMillis: number;
  /** False when a stage failed; resolved alerts are then kept for the next flush. */
  readonly ok: boolean;
  readonly error?: string;
  readonly events: readonly PipelineEvent[];
}

export interface DispatcherSnapshot {
  readonly groups: readonly AggregationGroupState[];
  readonly nextMaintenanceAtMillis: number;
}

export interface DispatcherOptions {
  readonly maintenanceIntervalMillis?: number;
}

/** A group as the API lists it (`GET /api/v2/alerts/groups`). */
export interface GroupView {
  readonly groupKey: string;
  readonly routeId: string;
  readonly receiver: string;
  readonly labels: LabelSet;
  readonly alerts: readonly Alert[];
}

export class Dispatcher {
  private readonly routesById: ReadonlyMap<string, Route>;
  /** routeId → group-labels fingerprint → group. */
  private readonly groups = new Map<string, Map<string, AggregationGroupState>>();
  private nextMaintenanceAtMillis: number;
  private readonly maintenanceIntervalMillis: number;

  constructor(
    private readonly route: Route,
    private readonly pipeline: Stage<FlushContext>,
    startMillis: number,
    options: DispatcherOptions = {},
  ) {
    this.routesById = new Map(allRoutes(route).map((r) => [r.id, r]));
    this.maintenanceIntervalMillis = options.maintenanceIntervalMillis ?? DEFAULT_MAINTENANCE_INTERVAL_MILLIS;
    this.nextMaintenanceAtMillis = startMillis + this.maintenanceIntervalMillis;
  }

  /** `processAlert` for every matching route. Returns the group keys it landed in. */
  insert(alert: Alert, nowMillis: number): string[] {
    const keys: string[] = [];
    for (const route of matchRoutes(this.route, alert.labels)) {
      const labels = groupLabels(route, alert.labels);
      const fp = groupFingerprint(labels);
      let byLabels = this.groups.get(route.id);
      if (!byLabels) {
        byLabels = new Map();
        this.groups.set(route.id, byLabels);
      }
      let group = byLabels.get(fp);
      if (!group) {
        group = newAggregationGroup(route.id, groupKey(route, labels), labels, route.options, nowMillis);
        byLabels.set(fp, group);
      }
      insertIntoGroup(group, alert, route.options, nowMillis);
      keys.push(group.groupKey);
    }
    return keys;
  }

  /** When `advance` has work next: the earliest group timer or maintenance. */
  nextDueMillis(): number {
    let due = this.nextMaintenanceAtMillis;
    for (const byLabels of this.groups.values()) for (const g of byLabels.values()) due = Math.min(due, g.nextFlushAtMillis);
    return due;
  }

  /**
   * Runs everything due at or before `nowMillis`: group flushes in timer order (then by group
   * key, for determinism), then maintenance. Each flushed group's timer restarts at
   * `nowMillis + group_interval`, as Alertmanager resets its timer when it fires.
   */
  async advance(nowMillis: number): Promise<FlushReport[]> {
    const due: AggregationGroupState[] = [];
    for (const byLabels of this.groups.values()) for (const g of byLabels.values()) if (g.nextFlushAtMillis <= nowMillis) due.push(g);
    due.sort((a, b) => a.nextFlushAtMillis - b.nextFlushAtMillis || (a.groupKey < b.groupKey ? -1 : a.groupKey > b.groupKey ? 1 : 0));
    const reports: FlushReport[] = [];
    for (const group of due) {
      const route = this.routesById.get(group.routeId);
      if (!route) continue;
      group.nextFlushAtMillis = nowMillis + route.options.groupIntervalMillis;
      group.hasFlushed = true;
      const report = await this.flush(group, route, nowMillis);
      if (report) reports.push(report);
    }
    if (this.nextMaintenanceAtMillis <= nowMillis) {
      this.removeEmptyGroups();
      const missed = Math.floor((nowMillis - this.nextMaintenanceAtMillis) / this.maintenanceIntervalMillis) + 1;
      this.nextMaintenanceAtMillis += missed * this.maintenanceIntervalMillis;
    }
    return reports;
  }

  private async flush(group: AggregationGroupState, route: Route, nowMillis: number): Promise<FlushReport | undefined> {
    if (isEmptyGroup(group)) return undefined;
    const alerts = flushSnapshot(group, nowMillis);
    const events: PipelineEvent[] = [];
    const ctx: FlushContext = {
      nowMillis,
      groupKey: group.groupKey,
      groupLabels: group.labels,
      receiver: route.options.receiver,
      routeId: route.id,
      repeatIntervalMillis: route.options.repeatIntervalMillis,
      events,
    };
    const result = await this.pipeline.exec(ctx, alerts);
    if (result.ok) dropNotifiedResolved(group, alerts, nowMillis);
    return { groupKey: group.groupKey, receiver: route.options.receiver, atMillis: nowMillis, ok: result.ok, error: result.ok ? undefined : result.error, events };
  }

  private removeEmptyGroups(): void {
    for (const [routeId, byLabels] of this.groups) {
      for (const [fp, group] of byLabels) if (isEmptyGroup(group)) byLabels.delete(fp);
      if (byLabels.size === 0) this.groups.delete(routeId);
    }
  }

  /** The current groups with their alerts, sorted by group key. */
  listGroups(): GroupView[] {
    const out: GroupView[] = [];
    for (const byLabels of this.groups.values()) {
      for (const g of byLabels.values()) {
        const route = this.routesById.get(g.routeId);
        out.push({ groupKey: g.groupKey, routeId: g.routeId, receiver: route?.options.receiver ?? '', labels: g.labels, alerts: Object.values(g.alerts) });
      }
    }
    return out.sort((a, b) => (a.groupKey < b.groupKey ? -1 : a.groupKey > b.groupKey ? 1 : 0));
  }

  snapshot(): DispatcherSnapshot {
    const groups: AggregationGroupState[] = [];
    for (const byLabels of this.groups.values()) for (const g of byLabels.values()) groups.push(structuredClone(g));
    return { groups, nextMaintenanceAtMillis: this.nextMaintenanceAtMillis };
  }

  /** Restores groups saved by `snapshot` (groups of routes that no longer exist are dropped). */
  restore(snapshot: DispatcherSnapshot): void {
    this.groups.clear();
    for (const g of snapshot.groups) {
      if (!this.routesById.has(g.routeId)) continue;
      let byLabels = this.groups.get(g.routeId);
      if (!byLabels) {
        byLabels = new Map();
        this.groups.set(g.routeId, byLabels);
      }
      byLabels.set(groupFingerprint(g.labels), structuredClone(g));
    }
    this.nextMaintenanceAtMillis = snapshot.nextMaintenanceAtMillis;
  }
}
