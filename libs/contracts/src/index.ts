/**
 * @vigil/contracts — what travels on the bus, and nothing else.
 *
 * Belongs here: the TypeScript generated from `proto/vigil/v1/*.proto` (the one source of truth
 * for topic payloads; regenerate with `npm run proto:gen`), the versioned topic names, the
 * encode/decode helpers with their invariant checks, and the series identity (fingerprint)
 * every producer and consumer must agree on.
 * Does not belong here: I/O of any kind (Kafka, HTTP, the store), per-service policy (limits,
 * retention), domain logic. Importable from every layer, so it stays small and pure.
 */
export { TOPICS, TOPIC_SCHEMAS, ALL_TOPICS, isTopic } from './topics';
export type { Topic, TopicKey } from './topics';
export { createPayload, encodePayload, decodePayload, topicCodec } from './codec';
export type { Payload, PayloadInit, TopicCodec } from './codec';
export { DecodeError } from './decode-error';
export type { DecodeFailure } from './decode-error';
export {
  seriesFingerprint,
  seriesFingerprintHex,
  labelsFingerprint,
  fingerprintToHex,
  fingerprintFromHex,
  normalizeLabels,
  METRIC_NAME_LABEL,
} from './fingerprint';
export type { LabelPair } from './fingerprint';
export { bytesToHex, hexToBytes } from './ids';

// Generated messages, their schemas (for `create`/`toBinary`/`toJson` of @bufbuild/protobuf)
// and enums, per .proto file.
export { LabelSchema, AttributeSchema, Severity } from './gen/vigil/v1/common_pb';
export type { Label, Attribute } from './gen/vigil/v1/common_pb';
export {
  MetricBatchSchema,
  SeriesSchema,
  HistogramPointSchema,
  SummaryPointSchema,
  QuantileSchema,
  MetricType,
  Temporality,
} from './gen/vigil/v1/metrics_pb';
export type { MetricBatch, Series, HistogramPoint, SummaryPoint, Quantile } from './gen/vigil/v1/metrics_pb';
export { SpanBatchSchema, SpanSchema, SpanEventSchema, SpanLinkSchema, SpanKind, SpanStatusCode } from './gen/vigil/v1/spans_pb';
export type { SpanBatch, Span, SpanEvent, SpanLink } from './gen/vigil/v1/spans_pb';
export { LogBatchSchema, LogRecordSchema } from './gen/vigil/v1/logs_pb';
export type { LogBatch, LogRecord } from './gen/vigil/v1/logs_pb';
export { AnomalySchema, DetectorScoreSchema, AnomalyType } from './gen/vigil/v1/anomaly_pb';
export type { Anomaly, DetectorScore } from './gen/vigil/v1/anomaly_pb';
export { ForecastSchema, ForecastPointSchema, CapacityAction } from './gen/vigil/v1/forecast_pb';
export type { Forecast, ForecastPoint } from './gen/vigil/v1/forecast_pb';
export { AlertSchema, AlertStatus, AlertSource } from './gen/vigil/v1/alert_pb';
export type { Alert } from './gen/vigil/v1/alert_pb';
export { IncidentSchema, RootCauseHintSchema, IncidentStatus } from './gen/vigil/v1/incident_pb';
export type { Incident, RootCauseHint } from './gen/vigil/v1/incident_pb';
export { InsightSchema, EvidenceSchema, InsightCategory } from './gen/vigil/v1/insight_pb';
export type { Insight, Evidence } from './gen/vigil/v1/insight_pb';
export { FeedbackSchema, FeedbackTarget, FeedbackKind } from './gen/vigil/v1/feedback_pb';
export type { Feedback } from './gen/vigil/v1/feedback_pb';
export { DeadLetterSchema, DeadLetterHeaderSchema } from './gen/vigil/v1/deadletter_pb';
export type { DeadLetter, DeadLetterHeader } from './gen/vigil/v1/deadletter_pb';
