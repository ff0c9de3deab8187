import type { Alert, Anomaly, Feedback, Forecast, Incident, Insight, Label } from '@vigil/contracts';

/**
 * Row mapping of derived events, both ways. Times are Unix ms (DateTime64(3) parses them);
 * enums are the proto numbers, which the tables' Enum8 values match (read back with
 * `CAST(x, 'Int8')`). JSON cannot carry NaN/Inf, so non-finite numbers become 0 or NULL.
 */

/** Labels as a map column value. */
export function labelsToMap(labels: readonly Label[]): Record<string, string> {
  const map: Record<string, string> = {};
  for (const label of labels) map[label.name] = label.value;
  return map;
}

/** A map column value as sorted labels. */
export function mapToLabels(map: Readonly<Record<string, string>>): Label[] {
  return Object.keys(map)
    .sort()
    .map((name) => ({ name, value: map[name] }) as Label);
}

function finite(value: number): number {
  return Number.isFinite(value) ? value : 0;
}

function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

/** 0 means "unknown" in the protos; the tables say NULL. */
function timeOrNull(unixMs: number | undefined): number | null {
  return unixMs === undefined || unixMs === 0 ? null : unixMs;
}

export function anomalyToRow(anomaly: Anomaly, retentionDays: number) {
  return {
    tenant: anomaly.tenant,
    id: anomaly.id,
    fingerprint: anomaly.seriesFingerprint.toString(),
    metric_name: anomaly.metricName,
    labels: labelsToMap(anomaly.labels),
    time: anomaly.timeUnixMs,
    value: finite(anomaly.value),
    expected: finite(anomaly.expected),
    lower_bound: finite(anomaly.lowerBound),
    upper_bound: finite(anomaly.upperBound),
    score: finite(anomaly.score),
    type: anomaly.type,
    severity: anomaly.severity,
    detectors_name: anomaly.detectors.map((d) => d.detector),
    detectors_score: anomaly.detectors.map((d) => finite(d.score)),
    detectors_reason: anomaly.detectors.map((d) => d.reason),
    explanation: anomaly.explanation,
    detected_at: anomaly.detectedAtUnixMs,
    retention_days: retentionDays,
  };
}

export function forecastToRow(forecast: Forecast, retentionDays: number) {
  return {
    tenant: forecast.tenant,
    id: forecast.id,
    fingerprint: forecast.seriesFingerprint.toString(),
    metric_name: forecast.metricName,
    labels: labelsToMap(forecast.labels),
    generated_at: forecast.generatedAtUnixMs,
    step_millis: Math.max(0, Math.round(forecast.stepMillis)),
    points_time: forecast.points.map((p) => p.timeUnixMs),
    points_value: forecast.points.map((p) => finite(p.value)),
    points_lower_80: forecast.points.map((p) => finite(p.lower80)),
    points_upper_80: forecast.points.map((p) => finite(p.upper80)),
    points_lower_95: forecast.points.map((p) => finite(p.lower95)),
    points_upper_95: forecast.points.map((p) => finite(p.upper95)),
    threshold: finiteOrNull(forecast.threshold),
    breach_at: timeOrNull(forecast.breachAtUnixMs),
    earliest_breach_at: timeOrNull(forecast.earliestBreachAtUnixMs),
    action: forecast.action,
    model: forecast.model,
    mase: finiteOrNull(forecast.mase),
    explanation: forecast.explanation,
    retention_days: retentionDays,
  };
}

export function alertToRow(alert: Alert, retentionDays: number) {
  return {
    tenant: alert.tenant,
    fingerprint: alert.fingerprint,
    status: alert.status,
    labels: labelsToMap(alert.labels),
    annotations: labelsToMap(alert.annotations),
    starts_at: alert.startsAtUnixMs,
    ends_at: timeOrNull(alert.endsAtUnixMs),
    generator_url: alert.generatorUrl,
    source: alert.source,
    updated_at: alert.updatedAtUnixMs,
    retention_days: retentionDays,
  };
}

export function incidentToRow(incident: Incident, retentionDays: number) {
  return {
    tenant: incident.tenant,
    id: incident.id,
    revision: incident.revision,
    status: incident.status,
    title: incident.title,
    severity: incident.severity,
    member_alert_fingerprints: incident.memberAlertFingerprints,
    firing_alert_fingerprints: incident.firingAlertFingerprints,
    services: incident.services,
    root_cause_service: incident.rootCauseHint?.service ?? '',
    root_cause_reason: incident.rootCauseHint?.reason ?? '',
    root_cause_confidence: finite(incident.rootCauseHint?.confidence ?? 0),
    opened_at: incident.openedAtUnixMs,
    updated_at: incident.updatedAtUnixMs,
    resolved_at: timeOrNull(incident.resolvedAtUnixMs),
    retention_days: retentionDays,
  };
}

export function insightToRow(insight: Insight, retentionDays: number) {
  return {
    tenant: insight.tenant,
    id: insight.id,
    category: insight.category,
    severity: insight.severity,
    score: finite(insight.score),
    title: insight.title,
    summary: insight.summary,
    recommendation: insight.recommendation,
    evidence_kind: insight.evidence.map((e) => e.kind),
    evidence_ref: insight.evidence.map((e) => e.ref),
    evidence_description: insight.evidence.map((e) => e.description),
    services: insight.services,
    created_at: insight.createdAtUnixMs,
    updated_at: insight.updatedAtUnixMs,
    expires_at: timeOrNull(insight.expiresAtUnixMs),
    retention_days: retentionDays,
  };
}

export function feedbackToRow(feedback: Feedback, retentionDays: number) {
  return {
    tenant: feedback.tenant,
    id: feedback.id,
    target: feedback.target,
    target_id: feedback.targetId,
    kind: feedback.kind,
    note: feedback.note,
    user: feedback.user,
    at: feedback.atUnixMs,
    retention_days: retentionDays,
  };
}
