/**
 * Capacity planning for one resource: forecast its usage, compare with its capacity (the latest
 * limit value, or a fixed one), find when the warning and critical thresholds are crossed, size
 * the capacity that keeps the upper 95 % bound under warning, and pick one action by rule.
 */
import { forecast } from '../forecast';
import type { ForecastOptions, ForecastResult } from '../forecast';
import { chooseAction } from './actions';
import type { CapacityAction, RuleFacts } from './actions';
import { firstCrossing } from './breach';
import { DEFAULT_RULES } from './config';
import type { ResourceConfig, RuleSettings } from './config';

/** A regularly sampled series: values[i] is at startMillis + i · stepMillis; gaps are NaN. */
export interface SampledSeries {
  readonly startMillis: number;
  readonly stepMillis: number;
  readonly values: ArrayLike<number>;
}

export interface CapacityPlanInput {
  readonly resource: ResourceConfig;
  readonly usage: SampledSeries;
  /** Limit series (e.g. filesystem size); its latest finite value is the capacity. */
  readonly limit?: SampledSeries;
  /** Current replica count; overrides the configured one. */
  readonly replicas?: number;
  readonly nowMillis: number;
  readonly horizonSteps: number;
  readonly rules?: RuleSettings;
  /** Passed to `forecast` (models, back-test origins); horizon, step and non-negativity are set here. */
  readonly forecastOptions?: Omit<ForecastOptions, 'horizon' | 'stepMillis' | 'nonNegative'>;
}

export interface BreachEstimate {
  readonly threshold: number;
  /** When the point forecast crosses (already crossed: the last observation time). */
  readonly atMillis: number | null;
  readonly inMillis: number | null;
  /** Earliest plausible crossing: when the upper 95 % bound crosses. */
  readonly earliestAtMillis: number | null;
  readonly earliestInMillis: number | null;
}

export interface CapacityPlan {
  readonly resource: string;
  readonly kind: ResourceConfig['kind'];
  readonly action: CapacityAction;
  /** The rule that chose the action (see ACTION_RULES and README.md). */
  readonly rule: { readonly id: string; readonly description: string };
  readonly capacity: number | null;
  readonly capacitySource: 'limit_series' | 'fixed' | 'none';
  readonly currentUsage: number | null;
  readonly currentUtilisation: number | null;
  readonly peakUtilisation: { readonly point: number; readonly upper95: number } | null;
  readonly warning: BreachEstimate;
  readonly critical: BreachEstimate;
  /** Capacity that keeps the upper 95 % bound under the warning threshold over the horizon. */
  readonly recommendedCapacity: number | null;
  /** Replicas giving that capacity, for resources scaled by replicas with a known count. */
  readonly recommendedReplicas: number | null;
  readonly forecast: ForecastResult;
  /** Time of forecast.point[0]. */
  readonly forecastStartMillis: number;
  readonly stepMillis: number;
}

export function planCapacity(input: CapacityPlanInput): CapacityPlan {
  const { resource, usage, nowMillis } = input;
  const rules = input.rules ?? DEFAULT_RULES;
  const stepMillis = usage.stepMillis;
  const lastIndex = lastFiniteIndex(usage.values);
  const lastMillis = usage.startMillis + (usage.values.length - 1) * stepMillis;
  const currentUsage = lastIndex >= 0 ? usage.values[lastIndex] : null;
  const limitIndex = input.limit ? lastFiniteIndex(input.limit.values) : -1;
  const limitValue = input.limit && limitIndex >= 0 ? input.limit.values[limitIndex] : undefined;
  const capacity = limitValue !== undefined && limitValue > 0 ? limitValue : (resource.capacity ?? null);
  const capacitySource = limitValue !== undefined && limitValue > 0 ? 'limit_series' : resource.capacity !== undefined ? 'fixed' : 'none';

  const result = forecast(usage.values, { ...input.forecastOptions, horizon: input.horizonSteps, stepMillis, nonNegative: true });
  const hasForecast = capacity !== null && result.point.length > 0;
  const currentUtilisation = capacity !== null && currentUsage !== null ? currentUsage / capacity : null;
  // Utilisation at the last observation; NaN stands for "unknown" so no crossing is found.
  const lastUtilisation = lastIndex === usage.values.length - 1 && currentUtilisation !== null ? currentUtilisation : NaN;
  const toUtilisation = (path: number[]): number[] => (capacity ? path.map((v) => v / capacity) : []);
  const pointPath = toUtilisation(result.point);
  const upperPath = toUtilisation(result.upper95);

  const breach = (threshold: number): BreachEstimate => {
    if (!hasForecast) {
      const now = lastUtilisation >= threshold ? lastMillis : null;
      return { threshold, atMillis: now, inMillis: now === null ? null : 0, earliestAtMillis: now, earliestInMillis: now === null ? null : 0 };
    }
    const point = firstCrossing(lastUtilisation, pointPath, threshold, lastMillis, stepMillis);
    const earliest = firstCrossing(lastUtilisation, upperPath, threshold, lastMillis, stepMillis);
    const since = (at: number | null) => (at === null ? null : Math.max(0, at - nowMillis));
    return { threshold, atMillis: point.atMillis, inMillis: since(point.atMillis), earliestAtMillis: earliest.atMillis, earliestInMillis: since(earliest.atMillis) };
  };
  const warning = breach(resource.thresholds.warning);
  const critical = breach(resource.thresholds.critical);

  const peakPoint = hasForecast ? Math.max(...pointPath) : NaN;
  const peakUpper = hasForecast ? Math.max(...upperPath) : NaN;
  const peakUpperUsage = hasForecast ? Math.max(...result.upper95, currentUsage ?? 0) : NaN;
  const recommendedCapacity = hasForecast ? peakUpperUsage / resource.thresholds.warning : null;
  const replicas = input.replicas ?? resource.replicas;
  const recommendedReplicas =
    recommendedCapacity !== null && capacity !== null && resource.scaling === 'replicas' && replicas ? Math.max(1, Math.ceil((recommendedCapacity / capacity) * replicas)) : null;
  const canShrink = recommendedReplicas !== null && replicas ? recommendedReplicas < replicas : recommendedCapacity !== null && capacity !== null && resource.scaling === 'capacity' && recommendedCapacity < capacity;

  const facts: RuleFacts = {
    thresholds: resource.thresholds,
    currentUtilisation,
    hasForecast,
    pointWarningInMillis: warning.inMillis,
    pointCriticalInMillis: critical.inMillis,
    earliestWarningInMillis: warning.earliestInMillis,
    peakUpper95Utilisation: hasForecast ? peakUpper : null,
    canShrink,
  };
  const rule = chooseAction(facts, rules);
  return {
    resource: resource.name,
    kind: resource.kind,
    action: rule.action,
    rule: { id: rule.id, description: rule.description },
    capacity,
    capacitySource,
    currentUsage,
    currentUtilisation,
    peakUtilisation: hasForecast ? { point: peakPoint, upper95: peakUpper } : null,
    warning,
    critical,
    recommendedCapacity,
    recommendedReplicas,
    forecast: result,
    forecastStartMillis: lastMillis + stepMillis,
    stepMillis,
  };
}

function lastFiniteIndex(values: ArrayLike<number>): number {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i])) return i;
  return -1;
}
