/**
 * @vigil/forecast — forecasting and capacity logic, pure (no I/O, no clocks: times are passed in).
 *
 * Belongs here: models that forecast regularly sampled series with prediction intervals, their
 * combination by back-testing, seasonality detection, and the capacity rules that turn a
 * forecast into breach times, a recommended capacity and one action. Does not belong here:
 * reading series from the store, schedules, publishing, config files (the capacity-planner
 * service does those and calls `forecast` / `planCapacity`).
 */
export { forecast, DEFAULT_MODELS, MODEL_NAMES } from './forecast';
export type { ForecastOptions, ForecastResult, ForecastMember, ForecastStatus } from './forecast';
export { isSeasonal, multiplicativeSeasonalIndices, detectSeasonalPeriods } from './series/seasonality';
export type { PeriodSearch } from './series/seasonality';
export { prepareSeries } from './series/prepare';
export type { PreparedSeries } from './series/prepare';
export { planCapacity } from './capacity/plan';
export type { CapacityPlan, CapacityPlanInput, BreachEstimate, SampledSeries } from './capacity/plan';
export { ACTION_RULES, CAPACITY_ACTIONS, chooseAction } from './capacity/actions';
export type { ActionRule, CapacityAction, RuleFacts } from './capacity/actions';
export { parseCapacityConfig, capacityConfigSchema, CapacityConfigError, DEFAULT_THRESHOLDS, DEFAULT_RULES } from './capacity/config';
export type { CapacityConfig, CapacityConfigInput, ResourceConfig, RuleSettings, Thresholds } from './capacity/config';
export { DEFAULT_RESOURCES, RESOURCE_KINDS } from './capacity/resources';
export type { ResourceDefaults, ResourceKind } from './capacity/resources';
export { firstCrossing } from './capacity/breach';
export type { Crossing } from './capacity/breach';
