/**
 * @vigil/insight — pure logic of the insight-engine: root-cause ranking for an incident (from
 * metrics, spans, logs and known anomalies over a service graph), insights with evidence and
 * recommendations, the knowledge base of past incidents and runbooks, and feedback effects.
 *
 * Belongs here: algorithms over plain data, with clocks passed in. Does not belong here: reading
 * the store, the bus, files or the network — the insight-engine service does that and calls in.
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
