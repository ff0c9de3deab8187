/**
 * The action rules, in the order they are tried; the first that matches decides the action and
 * is written into the plan. README.md in this library documents the same table: change both.
 */
import type { RuleSettings, Thresholds } from './config';

export const CAPACITY_ACTIONS = ['immediate_scale_up_required', 'plan_scale_up', 'monitor_closely', 'consider_scale_down', 'maintain_current_capacity'] as const;
export type CapacityAction = (typeof CAPACITY_ACTIONS)[number];

/** What the rules look at; times are from `now`, null when the level is not reached in the horizon. */
export interface RuleFacts {
  readonly thresholds: Thresholds;
  /** Latest observed utilisation (usage / capacity), null without data or capacity. */
  readonly currentUtilisation: number | null;
  /** The forecast exists (enough history, capacity known). */
  readonly hasForecast: boolean;
  readonly pointWarningInMillis: number | null;
  readonly pointCriticalInMillis: number | null;
  /** From the upper 95 % bound: the earliest plausible crossing. */
  readonly earliestWarningInMillis: number | null;
  /** Highest upper 95 % utilisation over the horizon. */
  readonly peakUpper95Utilisation: number | null;
  /** The recommended capacity (or replica count) is below the current one. */
  readonly canShrink: boolean;
}

export interface ActionRule {
  readonly id: string;
  readonly action: CapacityAction;
  readonly description: string;
  matches(facts: RuleFacts, settings: RuleSettings): boolean;
}

export const ACTION_RULES: readonly ActionRule[] = [
  {
    id: 'critical_now',
    action: 'immediate_scale_up_required',
    description: 'current utilisation is at or above the critical threshold',
    matches: (f) => f.currentUtilisation !== null && f.currentUtilisation >= f.thresholds.critical,
  },
  {
    id: 'critical_soon',
    action: 'immediate_scale_up_required',
    description: 'the point forecast reaches the critical threshold within the immediate window (default 24 h)',
    matches: (f, s) => f.pointCriticalInMillis !== null && f.pointCriticalInMillis <= s.immediateWithinMillis,
  },
  {
    id: 'warning_expected',
    action: 'plan_scale_up',
    description: 'current utilisation is at or above the warning threshold, or the point forecast reaches it within the horizon',
    matches: (f) => (f.currentUtilisation !== null && f.currentUtilisation >= f.thresholds.warning) || f.pointWarningInMillis !== null,
  },
  {
    id: 'warning_plausible',
    action: 'monitor_closely',
    description: 'only the upper 95 % bound reaches the warning threshold within the horizon',
    matches: (f) => f.earliestWarningInMillis !== null,
  },
  {
    id: 'insufficient_history',
    action: 'maintain_current_capacity',
    description: 'no forecast could be made (no data, or no capacity to compare with); nothing suggests a change',
    matches: (f) => !f.hasForecast,
  },
  {
    id: 'over_provisioned',
    action: 'consider_scale_down',
    description: 'the upper 95 % bound stays below a fraction (default 0.5) of the warning threshold over the whole horizon and a smaller capacity or replica count would still keep it under warning',
    matches: (f, s) => f.peakUpper95Utilisation !== null && f.peakUpper95Utilisation < s.scaleDownBelowFractionOfWarning * f.thresholds.warning && f.canShrink,
  },
  {
    id: 'within_thresholds',
    action: 'maintain_current_capacity',
    description: 'neither the point forecast nor its upper 95 % bound reaches the warning threshold, and there is no clear excess',
    matches: () => true,
  },
];

export function chooseAction(facts: RuleFacts, settings: RuleSettings): ActionRule {
  // The last rule always matches, so find never returns undefined.
  return ACTION_RULES.find((rule) => rule.matches(facts, settings)) as ActionRule;
}
