/**
 * The normalized SLO model every part of libs/slo works from. OpenSLO documents and the compact
 * native form are both parsed into `SloDefinition`; the engine and the rules exporter never see
 * YAML. All durations are integer milliseconds, all targets exact decimals.
 */
import type { Decimal } from './decimal';
import type { CalendarUnit } from './duration';
import type { MetricSelector } from './selector';

/**
 * The SLI as two counters. `numerator` says whether `numeratorSelector` counts good or bad events;
 * `total` counts all events. A histogram threshold SLI ("latency ≤ 300 ms") is normalized to this
 * form: good = `<histogram>_bucket{le="0.3"}`, total = `<histogram>_count`.
 */
export interface RatioIndicator {
  readonly numerator: 'good' | 'bad';
  readonly numeratorSelector: MetricSelector;
  readonly totalSelector: MetricSelector;
}

export type TimeWindow =
  | { readonly kind: 'rolling'; readonly millis: number }
  | {
      readonly kind: 'calendar';
      /** Length used to scale alert windows: exact for d/w, nominal (30 d, 90 d, 365 d) for M/Q/Y. */
      readonly millis: number;
      readonly count: number;
      readonly unit: CalendarUnit | 'd' | 'w';
      /** Wall-clock start of one period in `timeZone` (ISO local date-time, no offset). */
      readonly startTime: string;
      readonly timeZone: string;
    };

/** One multi-window burn-rate alert: fires when both windows burn faster than `burnRate`. */
export interface BurnRateAlertPolicy {
  /** `page`, `ticket`, or an AlertCondition's own severity. */
  readonly severity: string;
  readonly burnRate: Decimal;
  readonly longWindowMillis: number;
  readonly shortWindowMillis: number;
  /** Prometheus `for:`: the condition must hold this long before the alert fires (0 = at once). */
  readonly forMillis: number;
  /** `gte` instead of `gt`: fire when the ratio equals the threshold too (OpenSLO op). */
  readonly inclusive: boolean;
}

export interface TimesliceSettings {
  readonly sliceMillis: number;
  /** A slice is good when its good-event ratio is ≥ this (exact decimal fraction). */
  readonly sliceTarget: Decimal;
}

export interface SloDefinition {
  /** Unique name (OpenSLO metadata.name); the `slo` label of every alert and series. */
  readonly name: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly service: string;
  readonly indicator: RatioIndicator;
  /** Objective as a fraction in (0, 1), exact: 99.9 % is 999/1000. */
  readonly target: Decimal;
  /** 1 − target, exact. */
  readonly errorBudget: Decimal;
  readonly timeWindow: TimeWindow;
  readonly budgetingMethod: 'Occurrences' | 'Timeslices';
  readonly timeslices?: TimesliceSettings;
  readonly alerts: readonly BurnRateAlertPolicy[];
  /** Low-traffic guard: an alert needs at least this many events in its long window. */
  readonly minEventsPerLongWindow: number;
  /** Extra labels put on every alert (OpenSLO metadata.labels). */
  readonly labels: Readonly<Record<string, string>>;
  /** Where it was declared, for messages. */
  readonly origin: { readonly file: string; readonly document: number };
}
