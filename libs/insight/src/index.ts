/**
 * @vigil/insight — pure logic of the insight-engine: root-cause ranking for an incident (from
 * metrics, spans, logs and known anomalies over a service graph), insights with evidence and a
 * recommendation (and their dedup, merge and expiry), the knowledge base of past incidents and
 * runbooks, and what feedback does.
 *
 * Belongs here: algorithms over plain data, with clocks passed in (`nowMillis`). Does not belong
 * here: reading the store, the bus, files or the network — the insight-engine service does that
 * and calls in.
 */
export { rankRootCauses, DEFAULT_RANK_OPTIONS } from './rca/rank-root-causes';
export type { RankOptions } from './rca/rank-root-causes';
export { TemplateMiner, tokenize, WILDCARD } from './rca/log-template-miner';
export type { LogTemplate, TemplateMinerOptions } from './rca/log-template-miner';
export { ServiceGraph } from './rca/service-graph';
export { edgesFromSpans } from './rca/span-signals';
export type {
  ChangedSignal,
  KnownAnomaly,
  LogRecord,
  MetricSeries,
  RankedCause,
  RootCauseEvidence,
  RootCauseInput,
  ServiceEdge,
  SignalSource,
  SpanRecord,
  Symptom,
  TimedValue,
} from './rca/types';

export { INSIGHT_TTL_MILLIS } from './insights/insight-types';
export type {
  EvidenceLink,
  Insight,
  InsightPriority,
  InsightStatus,
  InsightType,
} from './insights/insight-types';
export { insightId, priorityOf, stableHash } from './insights/insight-identity';
export {
  anomalyInsight,
  forecastInsight,
  rootCauseInsight,
  sloRiskInsight,
} from './insights/insight-builders';
export type {
  AnomalyRef,
  CapacityAction,
  ForecastRef,
  IncidentRef,
  SloBurnRef,
} from './insights/insight-builders';
export { costSpikeInsights, DEFAULT_COST_SPIKE_OPTIONS } from './insights/cost-insights';
export type { CostSpikeOptions, GenAiUsagePoint } from './insights/cost-insights';
export {
  expireInsights,
  mergeInsight,
  rankInsights,
  ttlMillisOf,
  upsertInsights,
} from './insights/insight-set';
export type { UpsertResult } from './insights/insight-set';

export { KnowledgeBase, runbookFromMarkdown } from './knowledge/knowledge-base';
export type { IncidentSignature, KnowledgeDocument, KnowledgeMatch } from './knowledge/knowledge-base';
export { incidentDocument } from './knowledge/incident-record';
export type { ResolvedIncident } from './knowledge/incident-record';

export {
  applyInsightFeedback,
  DEFAULT_SENSITIVITY_OPTIONS,
  sensitivityFor,
  trustFactor,
} from './feedback/feedback-effects';
export type {
  Feedback,
  FeedbackKind,
  SensitivityAdjustment,
  SensitivityOptions,
} from './feedback/feedback-effects';
