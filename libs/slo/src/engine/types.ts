/** What the engine takes in and gives out. Plain data: the service maps it to contracts. */

/** One sample of one series (a counter's cumulative value). */
export interface MetricSample {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly timestampMillis: number;
  readonly value: number;
  /** The series fingerprint when the caller has one (saves recomputing it); any stable string. */
  readonly seriesKey?: string;
}

/** An alert changing state. `id` is the same for the firing and the resolved of one episode. */
export interface SloAlertTransition {
  /** Deterministic: fingerprint of the labels + the time the condition started to hold. */
  readonly id: string;
  /** Fingerprint of `labels` alone: the same alert across episodes. */
  readonly fingerprint: string;
  readonly state: 'firing' | 'resolved';
  /** Evaluation time at which the state changed. */
  readonly atMillis: number;
  /** When the condition started to hold (Prometheus `activeAt`; = atMillis for `for: 0` firing). */
  readonly activeAtMillis: number;
  /** alertname, slo, service, severity, long_window, short_window, burn_rate (+ SLO labels). */
  readonly labels: Readonly<Record<string, string>>;
  /** Observed burn rates, error ratios, budget remaining, and why a resolve happened. */
  readonly annotations: Readonly<Record<string, string>>;
}

export interface WindowStatus {
  readonly windowMillis: number;
  /** Prometheus-style duration, e.g. `1h`. */
  readonly window: string;
  readonly events: number;
  readonly badEvents: number;
  /** bad / total; undefined when the window has no data or no events. */
  readonly errorRatio?: number;
  /** errorRatio / budget; undefined when errorRatio is. */
  readonly burnRate?: number;
  /** No sample pair of the total series in the window: unknown, never "good". */
  readonly noData: boolean;
}

export interface FiringAlertStatus {
  readonly id: string;
  readonly severity: string;
  readonly longWindow: string;
  readonly shortWindow: string;
  readonly activeAtMillis: number;
}

export interface SloStatus {
  readonly slo: string;
  readonly service: string;
  readonly atMillis: number;
  /** Exact decimal strings: "0.999", "0.001". */
  readonly target: string;
  readonly errorBudget: string;
  readonly budgetingMethod: 'Occurrences' | 'Timeslices';
  /** The SLO period being accounted: the rolling window, or the current calendar period so far. */
  readonly period: WindowStatus & {
    readonly startMillis: number;
    /** 1 − errorRatio. */
    readonly compliance?: number;
    /** Fraction of the budget spent (1 = all of it). */
    readonly budgetConsumed?: number;
    /** 1 − budgetConsumed; negative when overspent. */
    readonly budgetRemaining?: number;
  };
  /** Every alert window, shortest first. */
  readonly windows: readonly WindowStatus[];
  /** When the budget runs out at the projection window's burn rate; undefined when not burning. */
  readonly projectedExhaustionMillis?: number;
  readonly firing: readonly FiringAlertStatus[];
}
