/**
 * @vigil/promql — PromQL, pure: Prometheus's grammar (@prometheus-io/lezer-promql) turned into
 * a typed AST, and an evaluator with Prometheus 3 semantics over an abstract SampleSource.
 * Also the parser of Prometheus's PromQL test-script format. Belongs here: parsing, typing,
 * evaluation, number formatting. Not here: HTTP, ClickHouse, name translation for OTLP.
 */
export type { AggregateOp, BinaryOp, Expr, LabelMatcher, Labels, MatchOp, ValueType, VectorSelector } from './ast';
export { METRIC_NAME } from './ast';
export { DEFAULT_ENGINE_OPTIONS, PromqlEngine } from './engine';
export type { EngineOptions, MatrixSeries, QueryBudget, QueryResult, QueryStats } from './engine';
export { EvaluationError, ParseError, PromqlError, QueryLimitError, QueryTimeoutError, UnsupportedFeatureError } from './errors';
export { formatFloat } from './float';
export { parseDurationMillis } from './duration';
export { compareLabels, labelsKey, matches } from './labels';
export { MemorySampleSource } from './memory-sample-source';
export { parseExpr } from './parser';
export type { LoadedSeries, RollupFunction, RollupHint, SampleSource, SelectRequest } from './sample-source';
export { rollupAligned } from './rollup-hints';
export { parseTestScript, parseSeriesValues } from './test-script';
export type { ExpectedSample, TestCommand, TestScript } from './test-script';
export type { Sample } from './values';
