import type { DescMessage } from '@bufbuild/protobuf';
import { AlertSchema } from './gen/vigil/v1/alert_pb';
import { AnomalySchema } from './gen/vigil/v1/anomaly_pb';
import { DeadLetterSchema } from './gen/vigil/v1/deadletter_pb';
import { FeedbackSchema } from './gen/vigil/v1/feedback_pb';
import { ForecastSchema } from './gen/vigil/v1/forecast_pb';
import { IncidentSchema } from './gen/vigil/v1/incident_pb';
import { InsightSchema } from './gen/vigil/v1/insight_pb';
import { LogBatchSchema } from './gen/vigil/v1/logs_pb';
import { MetricBatchSchema } from './gen/vigil/v1/metrics_pb';
import { SpanBatchSchema } from './gen/vigil/v1/spans_pb';

/**
 * Versioned topic names (DESIGN.md "Topics").
 *
 * WARNING: never rename a topic or change its payload incompatibly in place. Consumers' group
 * offsets, retained messages and every running producer are tied to these names. A breaking
 * change gets a NEW name (`vigil.metrics.v2`) and a migration that runs both topics side by side
 * until the old one drains (`buf breaking` guards the payloads).
 */
export const TOPICS = {
  /** Batches of metric points; key: series fingerprint (16 hex) of the first series. */
  metrics: 'vigil.metrics.v1',
  /** Batches of spans; key: trace id (32 hex) of the first span. */
  spans: 'vigil.spans.v1',
  /** Batches of log records; key: service name. */
  logs: 'vigil.logs.v1',
  /** One scored anomaly; key: series fingerprint (16 hex). */
  anomalies: 'vigil.anomalies.v1',
  /** One capacity forecast; key: series fingerprint (16 hex). */
  forecasts: 'vigil.forecasts.v1',
  /** One alert state change; key: alert fingerprint. */
  alerts: 'vigil.alerts.v1',
  /** One incident state change; key: incident id. */
  incidents: 'vigil.incidents.v1',
  /** One ranked insight; key: insight id. */
  insights: 'vigil.insights.v1',
  /** One piece of feedback; key: target id (fingerprint hex or insight id). */
  feedback: 'vigil.feedback.v1',
  /** Messages a consumer could not handle; key: source topic. */
  deadLetter: 'vigil.deadletter.v1',
} as const;

/** Short name of a topic, e.g. `metrics`. */
export type TopicKey = keyof typeof TOPICS;

/** A versioned topic name, e.g. `vigil.metrics.v1`. */
export type Topic = (typeof TOPICS)[TopicKey];

/** Every topic name, in declaration order (for creating topics and subscribing). */
export const ALL_TOPICS: readonly Topic[] = Object.values(TOPICS);

/** Message schema of each topic's payload. */
export const TOPIC_SCHEMAS = {
  'vigil.metrics.v1': MetricBatchSchema,
  'vigil.spans.v1': SpanBatchSchema,
  'vigil.logs.v1': LogBatchSchema,
  'vigil.anomalies.v1': AnomalySchema,
  'vigil.forecasts.v1': ForecastSchema,
  'vigil.alerts.v1': AlertSchema,
  'vigil.incidents.v1': IncidentSchema,
  'vigil.insights.v1': InsightSchema,
  'vigil.feedback.v1': FeedbackSchema,
  'vigil.deadletter.v1': DeadLetterSchema,
} as const satisfies Record<Topic, DescMessage>;

/** True when `name` is one of Vigil's topics. */
export function isTopic(name: string): name is Topic {
  return Object.prototype.hasOwnProperty.call(TOPIC_SCHEMAS, name);
}
