/**
 * The live state of one SLO: its bucketed windows, its open time slices, and where each of its
 * burn-rate alerts stands. Alert semantics follow a Prometheus alerting rule exactly (so the
 * exported rules and Vigil agree): the condition is evaluated at each tick; it becomes active at
 * the first tick it holds, fires once it has held for `for` (at once when `for` is 0), and is
 * resolved at the first tick it does not hold. A window with no data makes the condition not
 * hold, as an empty PromQL result does; the resolve then says `reason: no_data`.
 */
import { burnRate, burnRateThreshold, budgetConsumed, projectedExhaustionMillis } from '../budget';
import { calendarPeriodAt } from '../calendar';
import { decimalToNumber, decimalToString } from '../decimal';
import { formatDuration } from '../duration';
import type { BurnRateAlertPolicy, SloDefinition } from '../model';
import { labelsFingerprint, fnv1a64 } from './fingerprint';
import type { FiringAlertStatus, SloAlertTransition, SloStatus, WindowStatus } from './types';
import { planTiers, WindowStore } from './window-store';
import type { WindowStoreSnapshot, WindowSums } from './window-store';

export interface SloStateOptions {
  readonly resolutionMillis: number;
  readonly maxBucketsPerWindow: number;
}

const NOMINAL_MAX_MILLIS = {
  d: 86_400_000,
  w: 7 * 86_400_000,
  M: 31 * 86_400_000,
  Q: 92 * 86_400_000,
  Y: 366 * 86_400_000,
} as const;

/** Alerts are named like this in Vigil and in the exported Prometheus rules. */
export const SLO_ALERT_NAME = 'SLOErrorBudgetBurn';

interface AlertRuntime {
  readonly policy: BurnRateAlertPolicy;
  readonly threshold: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly fingerprint: string;
  activeAtMillis?: number;
  firing: boolean;
}

export interface SloStateSnapshot {
  /** Changes when anything that shapes the state changes; a mismatching snapshot is not restored. */
  readonly shape: string;
  readonly store: WindowStoreSnapshot;
  readonly openSlices: ReadonlyArray<readonly [number, number, number, number]>;
  readonly closedSlicesUntilMillis: number;
  readonly alerts: ReadonlyArray<{
    readonly fingerprint: string;
    readonly activeAtMillis?: number;
    readonly firing: boolean;
    readonly labels: Readonly<Record<string, string>>;
  }>;
}

export class SloState {
  readonly store: WindowStore;
  private readonly alerts: AlertRuntime[];
  private readonly alertWindowsMillis: number[];
  private readonly periodHorizonMillis: number;
  readonly projectionWindowMillis: number;
  /** Longest span of history this SLO reads: a series idle longer than this can be forgotten. */
  readonly horizonMillis: number;
  readonly shape: string;
  private readonly numeratorIsBad: boolean;
  /** Time slices still collecting: slice index → [numerator, total, samples]. */
  private readonly openSlices = new Map<number, [number, number, number]>();
  private closedSlicesUntilMillis = -Infinity;
  private readonly budget: number;

  constructor(
    readonly definition: SloDefinition,
    options: SloStateOptions,
  ) {
    const { timeWindow } = definition;
    this.periodHorizonMillis =
      timeWindow.kind === 'rolling'
        ? timeWindow.millis
        : timeWindow.count * NOMINAL_MAX_MILLIS[timeWindow.unit];
    // The projection uses a window 1/120 of the period: 6 h for 30 days, as stable as the slower page.
    this.projectionWindowMillis =
      Math.max(1, Math.round(timeWindow.millis / 120 / options.resolutionMillis)) * options.resolutionMillis;
    this.alertWindowsMillis = [
      ...new Set(definition.alerts.flatMap((a) => [a.shortWindowMillis, a.longWindowMillis])),
    ].sort((a, b) => a - b);
    const windows = [...this.alertWindowsMillis, this.projectionWindowMillis, this.periodHorizonMillis];
    this.horizonMillis = Math.max(...windows);
    const layouts = planTiers(windows, options.resolutionMillis, options.maxBucketsPerWindow);
    this.store = new WindowStore(layouts);
    this.numeratorIsBad =
      definition.budgetingMethod === 'Timeslices' || definition.indicator.numerator === 'bad';
    this.budget = decimalToNumber(definition.errorBudget);
    this.alerts = definition.alerts.map((policy) => {
      const labels: Record<string, string> = {
        ...definition.labels,
        alertname: SLO_ALERT_NAME,
        slo: definition.name,
        service: definition.service,
        severity: policy.severity,
        long_window: formatDuration(policy.longWindowMillis),
        short_window: formatDuration(policy.shortWindowMillis),
        burn_rate: decimalToString(policy.burnRate),
      };
      return {
        policy,
        threshold: burnRateThreshold(policy.burnRate, definition.errorBudget),
        labels,
        fingerprint: labelsFingerprint(labels),
        firing: false,
      };
    });
    this.shape = fnv1a64(
      JSON.stringify({
        layouts,
        timeslices: definition.timeslices && [definition.timeslices.sliceMillis],
        bad: this.numeratorIsBad,
      }),
    );
  }

  /**
   * Files a counter increase whose predecessor sample was at `atMillis`. `samples` is 1 when the
   * total series contributed (it decides "data present").
   */
  add(atMillis: number, numerator: number, total: number, samples: number): void {
    const slices = this.definition.timeslices;
    if (!slices) {
      this.store.add(atMillis, numerator, total, samples);
      return;
    }
    if (atMillis < this.closedSlicesUntilMillis) return; // the slice was already judged
    const index = Math.floor(atMillis / slices.sliceMillis);
    const open = this.openSlices.get(index) ?? [0, 0, 0];
    open[0] += numerator;
    open[1] += total;
    open[2] += samples;
    this.openSlices.set(index, open);
  }

  /** Judges every slice that ended by `nowMillis`: a slice with events counts 1 total, 1 bad if it missed. */
  private closeSlices(nowMillis: number): void {
    const slices = this.definition.timeslices;
    if (!slices) return;
    const sliceTarget = decimalToNumber(slices.sliceTarget);
    for (const index of [...this.openSlices.keys()].sort((a, b) => a - b)) {
      const endMillis = (index + 1) * slices.sliceMillis;
      if (endMillis > nowMillis) break;
      const [numerator, total, samples] = this.openSlices.get(index)!;
      this.openSlices.delete(index);
      if (samples === 0 || !(total > 0)) continue; // no data, no events: the slice does not count
      const good = this.definition.indicator.numerator === 'good' ? numerator : total - numerator;
      this.store.add(index * slices.sliceMillis, good / total >= sliceTarget ? 0 : 1, 1, 1);
    }
    const closedUntil = Math.floor(nowMillis / slices.sliceMillis) * slices.sliceMillis;
    this.closedSlicesUntilMillis = Math.max(this.closedSlicesUntilMillis, closedUntil);
  }

  private windowStatus(windowMillis: number, sums: WindowSums): WindowStatus {
    const badEvents = this.numeratorIsBad ? sums.numerator : sums.total - sums.numerator;
    const noData = sums.samples === 0;
    const errorRatio = !noData && sums.total > 0 ? badEvents / sums.total : undefined;
    return {
      windowMillis,
      window: formatDuration(windowMillis),
      events: sums.total,
      badEvents,
      errorRatio,
      burnRate: errorRatio === undefined ? undefined : burnRate(errorRatio, this.definition.errorBudget),
      noData,
    };
  }

  /** Advances to `nowMillis`: closes time slices, evaluates every alert, returns its transitions. */
  evaluate(nowMillis: number, scratch: Map<number, WindowSums> = new Map()): SloAlertTransition[] {
    this.closeSlices(nowMillis);
    const sums = this.store.sums(nowMillis, scratch);
    const transitions: SloAlertTransition[] = [];
    for (const alert of this.alerts) {
      const long = sums.get(alert.policy.longWindowMillis)!;
      const short = sums.get(alert.policy.shortWindowMillis)!;
      const longRatio = this.ratio(long);
      const shortRatio = this.ratio(short);
      const holds =
        longRatio !== undefined &&
        shortRatio !== undefined &&
        (alert.policy.inclusive
          ? longRatio >= alert.threshold && shortRatio >= alert.threshold
          : longRatio > alert.threshold && shortRatio > alert.threshold) &&
        long.total >= this.definition.minEventsPerLongWindow;
      if (holds) {
        if (alert.activeAtMillis === undefined) alert.activeAtMillis = nowMillis;
        if (!alert.firing && nowMillis - alert.activeAtMillis >= alert.policy.forMillis) {
          alert.firing = true;
          transitions.push(this.transition(alert, 'firing', nowMillis, sums, longRatio, shortRatio));
        }
        continue;
      }
      if (alert.firing) {
        const reason =
          longRatio === undefined || shortRatio === undefined
            ? 'no_data'
            : long.total < this.definition.minEventsPerLongWindow
              ? 'low_traffic'
              : 'below_threshold';
        transitions.push(this.transition(alert, 'resolved', nowMillis, sums, longRatio, shortRatio, reason));
      }
      alert.firing = false;
      alert.activeAtMillis = undefined;
    }
    return transitions;
  }

  private ratio(sums: WindowSums): number | undefined {
    if (sums.samples === 0 || !(sums.total > 0)) return undefined;
    return (this.numeratorIsBad ? sums.numerator : sums.total - sums.numerator) / sums.total;
  }

  private transition(
    alert: AlertRuntime,
    state: 'firing' | 'resolved',
    nowMillis: number,
    sums: Map<number, WindowSums>,
    longRatio: number | undefined,
    shortRatio: number | undefined,
    reason?: string,
  ): SloAlertTransition {
    const activeAtMillis = alert.activeAtMillis ?? nowMillis;
    const period = this.periodSums(nowMillis, sums);
    const remaining = this.remaining(period.sums);
    const annotations: Record<string, string> = {
      summary: `${this.definition.name}: error budget burning faster than ${alert.labels.burn_rate}× over ${alert.labels.long_window} and ${alert.labels.short_window}`,
      error_ratio_long: fmt(longRatio),
      error_ratio_short: fmt(shortRatio),
      burn_rate_long: fmt(longRatio === undefined ? undefined : longRatio / this.budget),
      burn_rate_short: fmt(shortRatio === undefined ? undefined : shortRatio / this.budget),
      budget_remaining: fmt(remaining),
    };
    if (reason) annotations.reason = reason;
    return {
      id: `${alert.fingerprint}-${activeAtMillis}`,
      fingerprint: alert.fingerprint,
      state,
      atMillis: nowMillis,
      activeAtMillis,
      labels: alert.labels,
      annotations,
    };
  }

  private periodSums(
    nowMillis: number,
    sums?: Map<number, WindowSums>,
  ): { startMillis: number; windowMillis: number; sums: WindowSums } {
    const { timeWindow } = this.definition;
    if (timeWindow.kind === 'rolling') {
      const windowSums = sums?.get(timeWindow.millis) ?? this.store.sumRange(nowMillis, timeWindow.millis);
      return {
        startMillis: nowMillis - timeWindow.millis,
        windowMillis: timeWindow.millis,
        sums: windowSums,
      };
    }
    const { startMillis } = calendarPeriodAt(nowMillis, timeWindow);
    const windowMillis = Math.max(0, nowMillis - startMillis);
    return { startMillis, windowMillis, sums: this.store.sumRange(nowMillis, windowMillis) };
  }

  private remaining(sums: WindowSums): number | undefined {
    if (sums.samples === 0) return undefined;
    const bad = this.numeratorIsBad ? sums.numerator : sums.total - sums.numerator;
    const consumed = budgetConsumed(bad, sums.total, this.definition.errorBudget);
    return consumed === undefined ? undefined : 1 - consumed;
  }

  status(nowMillis: number): SloStatus {
    const sums = this.store.sums(nowMillis);
    const period = this.periodSums(nowMillis, sums);
    const periodStatus = this.windowStatus(period.windowMillis, period.sums);
    const consumed = periodStatus.noData
      ? undefined
      : budgetConsumed(periodStatus.badEvents, periodStatus.events, this.definition.errorBudget);
    const projection = this.windowStatus(this.projectionWindowMillis, sums.get(this.projectionWindowMillis)!);
    const remaining = consumed === undefined ? undefined : 1 - consumed;
    const firing: FiringAlertStatus[] = this.alerts
      .filter((alert) => alert.firing)
      .map((alert) => ({
        id: `${alert.fingerprint}-${alert.activeAtMillis}`,
        severity: alert.policy.severity,
        longWindow: alert.labels.long_window,
        shortWindow: alert.labels.short_window,
        activeAtMillis: alert.activeAtMillis as number,
      }));
    return {
      slo: this.definition.name,
      service: this.definition.service,
      atMillis: nowMillis,
      target: decimalToString(this.definition.target),
      errorBudget: decimalToString(this.definition.errorBudget),
      budgetingMethod: this.definition.budgetingMethod,
      period: {
        ...periodStatus,
        startMillis: period.startMillis,
        compliance: periodStatus.errorRatio === undefined ? undefined : 1 - periodStatus.errorRatio,
        budgetConsumed: consumed,
        budgetRemaining: remaining,
      },
      windows: this.alertWindowsMillis.map((windowMillis) =>
        this.windowStatus(windowMillis, sums.get(windowMillis)!),
      ),
      projectedExhaustionMillis: projectedExhaustionMillis(
        nowMillis,
        remaining,
        projection.burnRate,
        this.definition.timeWindow.millis,
      ),
      firing,
    };
  }

  snapshot(): SloStateSnapshot {
    return {
      shape: this.shape,
      store: this.store.snapshot(),
      openSlices: [...this.openSlices.entries()].map(
        ([index, [numerator, total, samples]]) => [index, numerator, total, samples] as const,
      ),
      closedSlicesUntilMillis: Number.isFinite(this.closedSlicesUntilMillis)
        ? this.closedSlicesUntilMillis
        : -1,
      alerts: this.alerts.map((alert) => ({
        fingerprint: alert.fingerprint,
        activeAtMillis: alert.activeAtMillis,
        firing: alert.firing,
        labels: alert.labels,
      })),
    };
  }

  /** Restores a snapshot. Window data is kept only when the shape matches; alert states by fingerprint. */
  restore(snapshot: SloStateSnapshot): void {
    if (snapshot.shape === this.shape) {
      this.store.restore(snapshot.store);
      for (const [index, numerator, total, samples] of snapshot.openSlices)
        this.openSlices.set(index, [numerator, total, samples]);
      if (snapshot.closedSlicesUntilMillis >= 0)
        this.closedSlicesUntilMillis = snapshot.closedSlicesUntilMillis;
    }
    for (const saved of snapshot.alerts) {
      const alert = this.alerts.find((candidate) => candidate.fingerprint === saved.fingerprint);
      if (!alert) continue;
      alert.activeAtMillis = saved.activeAtMillis;
      alert.firing = saved.firing;
    }
  }

  /** Alerts firing now, with their labels, for resolving them when the SLO is removed. */
  firingAlerts(): ReadonlyArray<{
    id: string;
    fingerprint: string;
    activeAtMillis: number;
    labels: Readonly<Record<string, string>>;
  }> {
    return this.alerts
      .filter((alert) => alert.firing)
      .map((alert) => ({
        id: `${alert.fingerprint}-${alert.activeAtMillis}`,
        fingerprint: alert.fingerprint,
        activeAtMillis: alert.activeAtMillis as number,
        labels: alert.labels,
      }));
  }
}

function fmt(value: number | undefined): string {
  return value === undefined ? 'no data' : String(Number(value.toPrecision(6)));
}
