/**
 * libs/slo: SLOs as pure logic. What belongs here: OpenSLO v1 / native YAML parsing and
 * validation (file name + text in, definitions or located issues out), exact decimal budget
 * arithmetic, bucketed sliding windows over counter increases, multi-window multi-burn-rate
 * alert evaluation with deterministic ids, snapshot/restore of that state, and the export of
 * equivalent Prometheus rules. What does not: reading folders, Kafka, ClickHouse, clocks — the
 * slo-monitor service does I/O and passes `now` in.
 */
export {
  parseSloFiles,
  loadSloDefinitions,
  MIN_EVENTS_ANNOTATION,
  DEFAULT_MIN_EVENTS_PER_LONG_WINDOW,
} from './openslo/resolve';
export type { SloLoadOptions } from './openslo/resolve';
export type { SourceFile } from './openslo/documents';
export { SloConfigError, formatIssue } from './openslo/issues';
export type { SloConfigIssue } from './openslo/issues';
export type {
  SloDefinition,
  RatioIndicator,
  TimeWindow,
  BurnRateAlertPolicy,
  TimesliceSettings,
} from './model';
export {
  SloEngine,
  mergeSnapshots,
  seriesKeyOf,
  DEFAULT_RESOLUTION_MILLIS,
  DEFAULT_MAX_BUCKETS_PER_WINDOW,
} from './engine/slo-engine';
export type { SloEngineOptions, SloEngineSnapshot } from './engine/slo-engine';
export { SLO_ALERT_NAME } from './engine/slo-state';
export type { SloStateSnapshot } from './engine/slo-state';
export type {
  MetricSample,
  SloAlertTransition,
  SloStatus,
  WindowStatus,
  FiringAlertStatus,
} from './engine/types';
export { prometheusRules } from './rules/prometheus-rules';
export type { PrometheusRulesOptions } from './rules/prometheus-rules';
export {
  defaultBurnRateAlerts,
  scaleWindow,
  shortWindowFor,
  WORKBOOK_PERIOD_MILLIS,
} from './burn-rate-policy';
export {
  errorBudgetOf,
  burnRateThreshold,
  budgetConsumed,
  budgetRemaining,
  burnRate,
  projectedExhaustionMillis,
} from './budget';
export { parseDecimal, decimalFromNumber, decimalToString, decimalToNumber } from './decimal';
export type { Decimal } from './decimal';
export { parseDuration, parseFixedDurationMillis, formatDuration } from './duration';
export { parseSelector } from './selector';
export type { MetricSelector } from './selector';
export { calendarPeriodAt } from './calendar';
