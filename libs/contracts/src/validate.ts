import type { MessageShape } from '@bufbuild/protobuf';
import type { Alert } from './gen/vigil/v1/alert_pb';
import { AlertStatus } from './gen/vigil/v1/alert_pb';
import type { Anomaly } from './gen/vigil/v1/anomaly_pb';
import type { Label } from './gen/vigil/v1/common_pb';
import type { DeadLetter } from './gen/vigil/v1/deadletter_pb';
import type { Feedback } from './gen/vigil/v1/feedback_pb';
import { FeedbackKind, FeedbackTarget } from './gen/vigil/v1/feedback_pb';
import type { Forecast } from './gen/vigil/v1/forecast_pb';
import type { Incident } from './gen/vigil/v1/incident_pb';
import { IncidentStatus } from './gen/vigil/v1/incident_pb';
import type { Insight } from './gen/vigil/v1/insight_pb';
import type { LogBatch } from './gen/vigil/v1/logs_pb';
import type { MetricBatch, Series } from './gen/vigil/v1/metrics_pb';
import { MetricType } from './gen/vigil/v1/metrics_pb';
import type { SpanBatch } from './gen/vigil/v1/spans_pb';
import { METRIC_NAME_LABEL, seriesFingerprint } from './fingerprint';
import type { TOPIC_SCHEMAS, Topic } from './topics';

/**
 * Invariants stated in the .proto comments, checked after parsing. Each check returns a
 * problem description naming the field path, or undefined when the message is usable. They are
 * the checks a consumer cannot do without (identity, sizes, required keys); range checks that
 * depend on policy (how old a timestamp may be) belong to ingest.
 */
type Problem = string | undefined;

const TRACE_ID_BYTES = 16;
const SPAN_ID_BYTES = 8;

function checkLabels(labels: readonly Label[], path: string): Problem {
  for (let i = 0; i < labels.length; i++) {
    const { name, value } = labels[i];
    if (name === '' || value === '') return `${path}[${i}] has an empty name or value`;
    if (name === METRIC_NAME_LABEL) return `${path}[${i}] is ${METRIC_NAME_LABEL}; the name goes in the name field`;
    if (i > 0 && !(labels[i - 1].name < name)) return `${path} not sorted by name or has a duplicate at [${i}] "${name}"`;
  }
  return undefined;
}

function checkSeries(series: Series, path: string): Problem {
  if (series.tenant === '') return `${path}.tenant is empty`;
  if (series.name === '') return `${path}.name is empty`;
  if (series.type === MetricType.UNSPECIFIED) return `${path}.type is unspecified`;
  const labelProblem = checkLabels(series.labels, `${path}.labels`);
  if (labelProblem) return labelProblem;
  if (series.sampleTimesUnixMs.length !== series.sampleValues.length) {
    return `${path} has ${series.sampleTimesUnixMs.length} sample times but ${series.sampleValues.length} values`;
  }
  for (let i = 0; i < series.histograms.length; i++) {
    const point = series.histograms[i];
    if (point.bucketCounts.length !== point.explicitBounds.length + 1) {
      return `${path}.histograms[${i}] has ${point.bucketCounts.length} bucket counts for ${point.explicitBounds.length} bounds (want bounds + 1)`;
    }
  }
  if (seriesFingerprint(series.name, series.labels) !== series.fingerprint) {
    return `${path}.fingerprint does not match name and labels (see seriesFingerprint)`;
  }
  return undefined;
}

function checkMetricBatch(batch: MetricBatch): Problem {
  for (let i = 0; i < batch.series.length; i++) {
    const problem = checkSeries(batch.series[i], `series[${i}]`);
    if (problem) return problem;
  }
  return undefined;
}

function checkIds(traceId: Uint8Array, spanId: Uint8Array, path: string, required: boolean): Problem {
  if ((required || traceId.length > 0) && traceId.length !== TRACE_ID_BYTES) {
    return `${path}.traceId has ${traceId.length} bytes (want ${TRACE_ID_BYTES})`;
  }
  if ((required || spanId.length > 0) && spanId.length !== SPAN_ID_BYTES) {
    return `${path}.spanId has ${spanId.length} bytes (want ${SPAN_ID_BYTES})`;
  }
  return undefined;
}

function checkSpanBatch(batch: SpanBatch): Problem {
  for (let i = 0; i < batch.spans.length; i++) {
    const span = batch.spans[i];
    const path = `spans[${i}]`;
    const idProblem = checkIds(span.traceId, span.spanId, path, true);
    if (idProblem) return idProblem;
    if (span.parentSpanId.length !== 0 && span.parentSpanId.length !== SPAN_ID_BYTES) {
      return `${path}.parentSpanId has ${span.parentSpanId.length} bytes (want 0 or ${SPAN_ID_BYTES})`;
    }
    if (span.tenant === '') return `${path}.tenant is empty`;
    if (span.service === '') return `${path}.service is empty`;
    if (span.endTimeUnixNano < span.startTimeUnixNano) return `${path} ends before it starts`;
  }
  return undefined;
}

function checkLogBatch(batch: LogBatch): Problem {
  for (let i = 0; i < batch.records.length; i++) {
    const record = batch.records[i];
    const path = `records[${i}]`;
    if (record.tenant === '') return `${path}.tenant is empty`;
    if (record.service === '') return `${path}.service is empty`;
    const idProblem = checkIds(record.traceId, record.spanId, path, false);
    if (idProblem) return idProblem;
  }
  return undefined;
}

function checkKeyed(message: { id: string; tenant: string }): Problem {
  if (message.id === '') return 'id is empty';
  if (message.tenant === '') return 'tenant is empty';
  return undefined;
}

function checkAnomaly(anomaly: Anomaly): Problem {
  return checkKeyed(anomaly) ?? checkLabels(anomaly.labels, 'labels');
}

function checkForecast(forecast: Forecast): Problem {
  return checkKeyed(forecast) ?? checkLabels(forecast.labels, 'labels');
}

function checkAlert(alert: Alert): Problem {
  if (alert.fingerprint === '') return 'fingerprint is empty';
  if (alert.tenant === '') return 'tenant is empty';
  if (alert.status === AlertStatus.UNSPECIFIED) return 'status is unspecified';
  return checkLabels(alert.labels, 'labels') ?? checkLabels(alert.annotations, 'annotations');
}

function checkIncident(incident: Incident): Problem {
  if (incident.status === IncidentStatus.UNSPECIFIED) return 'status is unspecified';
  return checkKeyed(incident);
}

function checkInsight(insight: Insight): Problem {
  return checkKeyed(insight);
}

function checkFeedback(feedback: Feedback): Problem {
  if (feedback.target === FeedbackTarget.UNSPECIFIED) return 'target is unspecified';
  if (feedback.kind === FeedbackKind.UNSPECIFIED) return 'kind is unspecified';
  if (feedback.targetId === '') return 'targetId is empty';
  return checkKeyed(feedback);
}

function checkDeadLetter(deadLetter: DeadLetter): Problem {
  if (deadLetter.sourceTopic === '') return 'sourceTopic is empty';
  if (deadLetter.reason === '') return 'reason is empty';
  return undefined;
}

type Checks = { [T in Topic]: (message: MessageShape<(typeof TOPIC_SCHEMAS)[T]>) => Problem };

/** The invariant check of each topic's payload. */
export const PAYLOAD_CHECKS: Checks = {
  'vigil.metrics.v1': checkMetricBatch,
  'vigil.spans.v1': checkSpanBatch,
  'vigil.logs.v1': checkLogBatch,
  'vigil.anomalies.v1': checkAnomaly,
  'vigil.forecasts.v1': checkForecast,
  'vigil.alerts.v1': checkAlert,
  'vigil.incidents.v1': checkIncident,
  'vigil.insights.v1': checkInsight,
  'vigil.feedback.v1': checkFeedback,
  'vigil.deadletter.v1': checkDeadLetter,
};
