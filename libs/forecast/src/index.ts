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
