import { chooseAction } from './actions';
import type { CapacityAction, RuleFacts } from './actions';
import { DEFAULT_RULES } from './config';

const HOUR = 3_600_000;

/** A calm resource: 40 % used, no crossing in the horizon, nothing to shrink. */
const calm: RuleFacts = {
  thresholds: { warning: 0.8, critical: 0.9 },
  currentUtilisation: 0.4,
  hasForecast: true,
  pointWarningInMillis: null,
  pointCriticalInMillis: null,
  earliestWarningInMillis: null,
  peakUpper95Utilisation: 0.5,
  canShrink: false,
};

const table: { name: string; facts: Partial<RuleFacts>; rule: string; action: CapacityAction }[] = [
  { name: 'already above critical', facts: { currentUtilisation: 0.95, pointWarningInMillis: 0, pointCriticalInMillis: 0 }, rule: 'critical_now', action: 'immediate_scale_up_required' },
  { name: 'critical in 6 h by the point forecast', facts: { pointWarningInMillis: 2 * HOUR, pointCriticalInMillis: 6 * HOUR, earliestWarningInMillis: HOUR }, rule: 'critical_soon', action: 'immediate_scale_up_required' },
  { name: 'critical in exactly 24 h', facts: { pointWarningInMillis: 10 * HOUR, pointCriticalInMillis: 24 * HOUR }, rule: 'critical_soon', action: 'immediate_scale_up_required' },
  { name: 'critical in 30 h', facts: { pointWarningInMillis: 20 * HOUR, pointCriticalInMillis: 30 * HOUR }, rule: 'warning_expected', action: 'plan_scale_up' },
  { name: 'warning in 40 h, no critical', facts: { pointWarningInMillis: 40 * HOUR, earliestWarningInMillis: 30 * HOUR }, rule: 'warning_expected', action: 'plan_scale_up' },
  { name: 'already above warning, forecast falling', facts: { currentUtilisation: 0.85 }, rule: 'warning_expected', action: 'plan_scale_up' },
  { name: 'only the upper bound reaches warning', facts: { earliestWarningInMillis: 12 * HOUR, peakUpper95Utilisation: 0.82 }, rule: 'warning_plausible', action: 'monitor_closely' },
  { name: 'no forecast', facts: { hasForecast: false, currentUtilisation: null, peakUpper95Utilisation: null }, rule: 'insufficient_history', action: 'maintain_current_capacity' },
  { name: 'no forecast but already critical', facts: { hasForecast: false, currentUtilisation: 0.97, peakUpper95Utilisation: null }, rule: 'critical_now', action: 'immediate_scale_up_required' },
  { name: 'upper bound below 0.4 and fewer replicas would do', facts: { currentUtilisation: 0.2, peakUpper95Utilisation: 0.3, canShrink: true }, rule: 'over_provisioned', action: 'consider_scale_down' },
  { name: 'upper bound below 0.4 but nothing smaller possible', facts: { currentUtilisation: 0.2, peakUpper95Utilisation: 0.3, canShrink: false }, rule: 'within_thresholds', action: 'maintain_current_capacity' },
  { name: 'upper bound at 0.5: not low enough to shrink', facts: { canShrink: true }, rule: 'within_thresholds', action: 'maintain_current_capacity' },
  { name: 'calm', facts: {}, rule: 'within_thresholds', action: 'maintain_current_capacity' },
];

describe('capacity action rules', () => {
  it.each(table)('$name → $action by $rule', ({ facts, rule, action }) => {
    const chosen = chooseAction({ ...calm, ...facts }, DEFAULT_RULES);
    expect(chosen.id).toBe(rule);
    expect(chosen.action).toBe(action);
  });

  it('honours a configured immediate window', () => {
    const facts = { ...calm, pointWarningInMillis: HOUR, pointCriticalInMillis: 30 * HOUR };
    expect(chooseAction(facts, { ...DEFAULT_RULES, immediateWithinMillis: 48 * HOUR }).id).toBe('critical_soon');
  });
});
