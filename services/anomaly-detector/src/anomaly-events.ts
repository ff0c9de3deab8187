/**
 * Detector outcomes as topic payloads: an anomalous point → `Anomaly`, a policy transition →
 * `Alert` (Alertmanager-shaped labels, the detector's explanation and band as annotations).
 */
import { AlertSource, AlertStatus, AnomalyType, Severity, TOPICS, createPayload, fingerprintFromHex, fingerprintToHex, labelsFingerprint, normalizeLabels, type Alert, type Anomaly } from '@vigil/contracts';
import type { AnomalyType as DetectedType, Severity as DetectedSeverity } from '@vigil/detect';
import type { ScoredAnomaly, ScoredTransition, SeriesRecord } from './detector-book';

const TYPES: Readonly<Record<DetectedType, AnomalyType>> = {
  SPIKE: AnomalyType.SPIKE,
  DRIFT: AnomalyType.DRIFT,
  OUTLIER: AnomalyType.OUTLIER,
  TREND: AnomalyType.TREND,
  SEASONAL: AnomalyType.SEASONAL,
};
const SEVERITIES: Readonly<Record<DetectedSeverity, Severity>> = {
  LOW: Severity.LOW,
  MEDIUM: Severity.MEDIUM,
  HIGH: Severity.HIGH,
  CRITICAL: Severity.CRITICAL,
};

const fmt = (x: number): string => (Number.isFinite(x) ? String(Number(x.toPrecision(6))) : String(x));
const pairs = (record: Record<string, string>) => [...normalizeLabels(Object.entries(record).filter(([, value]) => value !== '').map(([name, value]) => ({ name, value })))];

export function toAnomaly({ record, id, verdict }: ScoredAnomaly, detectedAtMillis: number): Anomaly {
  return createPayload(TOPICS.anomalies, {
    id,
    tenant: record.meta.tenant,
    seriesFingerprint: fingerprintFromHex(record.fingerprint),
    metricName: record.meta.name,
    labels: record.meta.labels.map(([name, value]) => ({ name, value })),
    timeUnixMs: verdict.timestampMillis,
    value: verdict.value,
    expected: verdict.expected,
    lowerBound: verdict.lower,
    upperBound: verdict.upper,
    score: verdict.score,
    type: TYPES[verdict.type],
    severity: SEVERITIES[verdict.severity],
    detectors: [{ detector: verdict.detector, score: verdict.score, reason: verdict.explanation }],
    explanation: verdict.explanation,
    detectedAtUnixMs: detectedAtMillis,
  });
}

/** The service a series belongs to, by the usual label names. */
function serviceOf(labels: Readonly<Record<string, string>>): string | undefined {
  return labels.service ?? labels.service_name ?? labels['service.name'] ?? labels.job;
}

/**
 * An OpenTelemetry attribute name as a Prometheus label name (`deployment.environment.name` →
 * `deployment_environment_name`), as Prometheus's OTLP translation does: alert labels must be
 * valid label names or Alertmanager (and the correlator) refuse the alert.
 */
export function promLabelName(name: string): string {
  const cleaned = name.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(cleaned) ? `key_${cleaned}` : cleaned;
}

/** Identifying labels of a policy's alert on a series: the series' labels plus alertname/metric/severity. */
export function alertLabels(record: SeriesRecord, policyName: string, severity: DetectedSeverity): Record<string, string> {
  const series = Object.fromEntries(record.meta.labels.map(([name, value]) => [promLabelName(name), value]));
  const service = serviceOf(series);
  return { ...series, ...(service ? { service } : {}), alertname: policyName, metric: record.meta.name, severity: severity.toLowerCase() };
}

export function toAlert({ record, policy, state, episode, atMillis }: ScoredTransition): Alert {
  const labels = pairs(alertLabels(record, policy.name, episode.severity));
  const fingerprint = fingerprintToHex(labelsFingerprint(labels));
  const resolved = state === 'resolved';
  return createPayload(TOPICS.alerts, {
    fingerprint,
    tenant: record.meta.tenant,
    status: resolved ? AlertStatus.RESOLVED : AlertStatus.FIRING,
    labels,
    annotations: pairs({
      summary: `${episode.type.toLowerCase()} anomaly on ${record.meta.name}`,
      description: episode.explanation,
      expected_band: `${fmt(episode.lower)} – ${fmt(episode.upper)}`,
      expected: fmt(episode.expected),
      value: fmt(episode.value),
      score: fmt(episode.score),
      anomaly_id: episode.anomalyId,
      series_fingerprint: record.fingerprint,
    }),
    startsAtUnixMs: episode.openedAtMillis,
    // Firing: when it expires unless refreshed (the quiet period after the last anomalous point),
    // so a series that goes silent still ends its alert downstream.
    endsAtUnixMs: resolved ? atMillis : episode.lastActiveMillis + policy.resolveAfterMillis,
    source: AlertSource.ANOMALY_DETECTOR,
    updatedAtUnixMs: atMillis,
  });
}
