/**
 * Mapping between the wire (`@vigil/contracts` payloads) and the pure library's inputs and
 * insights. Pure functions: no I/O, so every mapping is testable on plain values.
 */
import {
  AnomalyType,
  CapacityAction as WireCapacityAction,
  InsightCategory,
  Severity,
  TOPICS,
  createPayload,
  fingerprintToHex,
  type Anomaly,
  type Forecast,
  type Incident,
  type Insight as WireInsight,
  type Label,
} from '@vigil/contracts';
import type { AnomalyRef, CapacityAction, ForecastRef, IncidentRef, Insight, InsightType } from '@vigil/insight';

/** The label that names a series' service: OpenTelemetry's, then Prometheus's habit. */
export function serviceOf(labels: readonly Label[] | Readonly<Record<string, string>>): string | undefined {
  const get = (name: string) =>
    Array.isArray(labels) ? (labels as readonly Label[]).find((l) => l.name === name)?.value : (labels as Record<string, string>)[name];
  return get('service.name') || get('service') || get('job') || undefined;
}

/**
 * COST has no category of its own on the wire (insight.proto predates it): OPTIMIZATION is
 * "waste or cost that can be cut", which is what a token spike is (decision 143).
 */
const CATEGORY: Record<InsightType, InsightCategory> = {
  PERFORMANCE: InsightCategory.PERFORMANCE,
  ANOMALY: InsightCategory.ANOMALY,
  CAPACITY: InsightCategory.CAPACITY,
  OPTIMIZATION: InsightCategory.OPTIMIZATION,
  RISK: InsightCategory.RISK,
  COST: InsightCategory.OPTIMIZATION,
};
const SEVERITY = { P1: Severity.CRITICAL, P2: Severity.HIGH, P3: Severity.MEDIUM, P4: Severity.LOW } as const;

/** The library's insight as published on `vigil.insights.v1` and stored in `insights`. */
export function toWireInsight(tenant: string, insight: Insight): WireInsight {
  // Score orders the UI: expected value, pushed down when on-call dismissed it.
  const dismissed = insight.status === 'dismissed' || insight.status === 'expired';
  const score = Math.round(insight.impact * insight.confidence * (dismissed ? 0.1 : 1) * 1000) / 1000;
  return createPayload(TOPICS.insights, {
    id: insight.id,
    tenant,
    category: CATEGORY[insight.type],
    severity: SEVERITY[insight.priority],
    score,
    title: insight.title,
    summary: insight.summary,
    recommendation: insight.recommendation,
    evidence: insight.evidence.map((e) => ({ kind: e.kind, ref: e.ref, description: e.label })),
    services: insight.service ? [insight.service] : [],
    createdAtUnixMs: insight.firstSeenMillis,
    updatedAtUnixMs: insight.lastSeenMillis,
    // An expired or dismissed insight is stale from its last update on.
    expiresAtUnixMs: dismissed ? Math.min(insight.expiresAtMillis, insight.lastSeenMillis) : insight.expiresAtMillis,
  });
}

const SEVERITY_WEIGHT: Record<Severity, number> = {
  [Severity.UNSPECIFIED]: 0.3,
  [Severity.LOW]: 0.3,
  [Severity.MEDIUM]: 0.5,
  [Severity.HIGH]: 0.75,
  [Severity.CRITICAL]: 1,
};

export function incidentRef(incident: Incident): IncidentRef {
  return {
    id: incident.id,
    title: incident.title || `Incident ${incident.id}`,
    openedAtMillis: incident.openedAtUnixMs,
    severity: SEVERITY_WEIGHT[incident.severity] ?? 0.5,
  };
}

const ANOMALY_KIND: Partial<Record<AnomalyType, AnomalyRef['kind']>> = {
  [AnomalyType.SPIKE]: 'SPIKE',
  [AnomalyType.DRIFT]: 'DRIFT',
  [AnomalyType.OUTLIER]: 'OUTLIER',
  [AnomalyType.TREND]: 'TREND',
  [AnomalyType.SEASONAL]: 'SEASONAL',
};
const ANOMALY_SEVERITY: Record<Severity, AnomalyRef['severity']> = {
  [Severity.UNSPECIFIED]: 'LOW',
  [Severity.LOW]: 'LOW',
  [Severity.MEDIUM]: 'MEDIUM',
  [Severity.HIGH]: 'HIGH',
  [Severity.CRITICAL]: 'CRITICAL',
};


export function anomalyRef(anomaly: Anomaly): AnomalyRef {
  return {
    seriesId: fingerprintToHex(anomaly.seriesFingerprint),
    service: serviceOf(anomaly.labels) ?? 'unknown',
    metric: anomaly.metricName,
    kind: ANOMALY_KIND[anomaly.type] ?? 'OUTLIER',
    severity: ANOMALY_SEVERITY[anomaly.severity] ?? 'LOW',
    score: anomaly.score,
    value: anomaly.value,
    expectedLow: anomaly.lowerBound,
    expectedHigh: anomaly.upperBound,
    atMillis: anomaly.timeUnixMs,
  };
}

const ACTION: Partial<Record<WireCapacityAction, CapacityAction>> = {
  [WireCapacityAction.IMMEDIATE_SCALE_UP_REQUIRED]: 'immediate_scale_up_required',
  [WireCapacityAction.PLAN_SCALE_UP]: 'plan_scale_up',
  [WireCapacityAction.MONITOR_CLOSELY]: 'monitor_closely',
  [WireCapacityAction.CONSIDER_SCALE_DOWN]: 'consider_scale_down',
  [WireCapacityAction.MAINTAIN_CURRENT_CAPACITY]: 'maintain_current_capacity',
};

/** A forecast as the capacity builder needs it; null when it has no action or no threshold. */
export function forecastRef(forecast: Forecast): ForecastRef | null {
  const action = ACTION[forecast.action];
  if (!action || forecast.threshold === undefined || forecast.points.length === 0) return null;
  const first = forecast.points[0];
  const at = forecast.breachAtUnixMs ?? forecast.points[forecast.points.length - 1].timeUnixMs;
  const near = forecast.points.reduce((best, p) => (Math.abs(p.timeUnixMs - at) < Math.abs(best.timeUnixMs - at) ? p : best), first);
  const width = near.upper95 - near.lower95;
  const mountpoint = forecast.labels.find((l) => l.name === 'mountpoint' || l.name === 'device')?.value;
  return {
    seriesId: fingerprintToHex(forecast.seriesFingerprint),
    service: serviceOf(forecast.labels) ?? 'unknown',
    resource: mountpoint ? `${forecast.metricName} ${mountpoint}` : forecast.metricName,
    action,
    breachAtMillis: forecast.breachAtUnixMs ?? null,
    threshold: forecast.threshold,
    currentValue: first.value,
    relativeUncertainty: Number.isFinite(width) && Math.abs(near.value) > 0 ? width / Math.abs(near.value) / 2 : 1,
  };
}
