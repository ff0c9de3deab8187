/**
 * Builders that turn what other services found (root causes of an incident, anomalies,
 * capacity forecasts, SLO burn) into insights. Each input is the minimum the builder needs, so
 * the insight-engine maps topic payloads onto them without this library knowing the wire format.
 */
import type { RankedCause } from '../rca/types';
import type { KnowledgeMatch } from '../knowledge/knowledge-base';
import { finishInsight, clamp01 } from './insight-identity';
import type { EvidenceLink, Insight } from './insight-types';

export interface IncidentRef {
  id: string;
  title: string;
  openedAtMillis: number;
  /** 0–1: how bad the incident is (e.g. CRITICAL = 1, WARNING = 0.5). */
  severity: number;
}

/** PERFORMANCE insight naming the likely root cause of an incident, with what fixed it last time. */
export function rootCauseInsight(
  incident: IncidentRef,
  causes: readonly RankedCause[],
  nowMillis: number,
  pastIncidents: readonly KnowledgeMatch[] = [],
): Insight | null {
  const top = causes[0];
  if (!top || top.evidence.signals.length === 0) return null;
  const runnerUp = causes.find((c) => c.service !== top.service);
  // Confident when the first cause stands clear of the second and several signals agree.
  const margin = runnerUp ? 1 - runnerUp.score / Math.max(top.score, 1e-9) : 1;
  const corroboration = Math.min(1, top.evidence.signals.length / 3);
  const confidence = 0.35 + 0.4 * margin + 0.25 * corroboration;
  const evidence: EvidenceLink[] = [
    { kind: 'incident', ref: incident.id, label: incident.title },
    ...top.evidence.signals.map((s) => ({
      kind: s.source === 'log' ? ('log_template' as const) : ('series' as const),
      ref: `${s.service}/${s.indicator}`,
      label: `${s.service} ${s.indicator} ${formatChange(s.relativeChange)} (${s.deviationSigmas}σ)`,
    })),
    ...pastIncidents
      .slice(0, 2)
      .map((m) => ({ kind: 'knowledge' as const, ref: m.document.id, label: m.document.title })),
  ];
  const alternatives = causes
    .filter((c) => c.service !== top.service)
    .slice(0, 2)
    .map((c) => c.service);
  const lastTime = pastIncidents.find((m) => m.document.resolution);
  return finishInsight(
    {
      type: 'PERFORMANCE',
      subject: `incident:${incident.id}`,
      service: top.service,
      title: `${incident.title}: likely caused by ${top.service} (${top.indicator})`,
      summary:
        top.evidence.summary +
        (alternatives.length ? ` Next candidates: ${alternatives.join(', ')}.` : '') +
        (lastTime ? ` Looks like "${lastTime.document.title}".` : ''),
      evidence,
      confidence,
      impact: incident.severity,
      recommendation: recommendForCause(top, lastTime?.document.resolution),
    },
    nowMillis,
  );
}

export interface AnomalyRef {
  /** Series fingerprint. */
  seriesId: string;
  service: string;
  metric: string;
  kind: 'SPIKE' | 'DRIFT' | 'OUTLIER' | 'TREND' | 'SEASONAL';
  severity: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
  /** Detector score 0–1. */
  score: number;
  value: number;
  expectedLow: number;
  expectedHigh: number;
  atMillis: number;
}

const SEVERITY_IMPACT = { LOW: 0.2, MEDIUM: 0.45, HIGH: 0.7, CRITICAL: 0.95 } as const;

/** ANOMALY insight for one series; repeated anomalies of the same series merge into it. */
export function anomalyInsight(anomaly: AnomalyRef, nowMillis: number): Insight {
  const direction = anomaly.value > anomaly.expectedHigh ? 'above' : 'below';
  return finishInsight(
    {
      type: 'ANOMALY',
      subject: `series:${anomaly.seriesId}`,
      service: anomaly.service,
      title: `${anomaly.service} ${anomaly.metric}: ${anomaly.kind.toLowerCase()} ${direction} its expected range`,
      summary: `${anomaly.metric} was ${round(anomaly.value)} against an expected ${round(anomaly.expectedLow)}–${round(anomaly.expectedHigh)} (${anomaly.severity}).`,
      evidence: [{ kind: 'anomaly', ref: anomaly.seriesId, label: `${anomaly.metric} ${anomaly.kind}` }],
      confidence: anomaly.score,
      impact: SEVERITY_IMPACT[anomaly.severity],
      recommendation:
        anomaly.kind === 'DRIFT' || anomaly.kind === 'TREND'
          ? `Check what changed in ${anomaly.service} (deploys, config, traffic mix); if the new level is expected, mark it useful so the baseline adapts.`
          : `Look at ${anomaly.service} around ${new Date(anomaly.atMillis).toISOString()}; if this is normal behaviour, mark it a false positive to lower sensitivity for this series.`,
    },
    nowMillis,
  );
}

export type CapacityAction =
  | 'immediate_scale_up_required'
  | 'plan_scale_up'
  | 'monitor_closely'
  | 'consider_scale_down'
  | 'maintain_current_capacity';

export interface ForecastRef {
  seriesId: string;
  service: string;
  resource: string;
  action: CapacityAction;
  /** When the forecast crosses the threshold; null if it does not within the horizon. */
  breachAtMillis: number | null;
  threshold: number;
  currentValue: number;
  /** Width of the prediction interval relative to the value (0 = certain). */
  relativeUncertainty: number;
}

/** CAPACITY (scale up) or OPTIMIZATION (scale down) insight from a forecast; null when nothing to do. */
export function forecastInsight(forecast: ForecastRef, nowMillis: number): Insight | null {
  if (forecast.action === 'maintain_current_capacity') return null;
  const confidence = 1 - clamp01(forecast.relativeUncertainty);
  if (forecast.action === 'consider_scale_down') {
    const headroom = forecast.threshold > 0 ? 1 - forecast.currentValue / forecast.threshold : 0;
    return finishInsight(
      {
        type: 'OPTIMIZATION',
        subject: `capacity:${forecast.seriesId}`,
        service: forecast.service,
        title: `${forecast.service} ${forecast.resource} is over-provisioned`,
        summary: `${forecast.resource} runs at ${round(forecast.currentValue)} of a ${round(forecast.threshold)} limit and is not forecast to need more.`,
        evidence: [{ kind: 'forecast', ref: forecast.seriesId, label: `${forecast.resource} forecast` }],
        confidence,
        impact: 0.25 * clamp01(headroom) + 0.05,
        recommendation: `Reduce ${forecast.resource} for ${forecast.service} (replicas, requests/limits) and watch the forecast after the change.`,
      },
      nowMillis,
    );
  }
  const hoursToBreach =
    forecast.breachAtMillis === null
      ? Number.POSITIVE_INFINITY
      : (forecast.breachAtMillis - nowMillis) / 3_600_000;
  const urgency =
    forecast.action === 'immediate_scale_up_required' ? 1 : forecast.action === 'plan_scale_up' ? 0.6 : 0.3;
  const when = Number.isFinite(hoursToBreach) ? ` in about ${Math.max(0, Math.round(hoursToBreach))} h` : '';
  return finishInsight(
    {
      type: 'CAPACITY',
      subject: `capacity:${forecast.seriesId}`,
      service: forecast.service,
      title: `${forecast.service} ${forecast.resource} will reach its limit${when}`,
      summary: `${forecast.resource} is at ${round(forecast.currentValue)} and forecast to cross ${round(forecast.threshold)}${when}.`,
      evidence: [{ kind: 'forecast', ref: forecast.seriesId, label: `${forecast.resource} forecast` }],
      confidence,
      impact: urgency,
      recommendation:
        forecast.action === 'immediate_scale_up_required'
          ? `Scale ${forecast.service} up now (${forecast.resource}); the limit is close.`
          : forecast.action === 'plan_scale_up'
            ? `Plan a scale-up of ${forecast.service} ${forecast.resource} before the forecast breach.`
            : `Watch ${forecast.service} ${forecast.resource}; the trend points at the limit.`,
    },
    nowMillis,
  );
}

export interface SloBurnRef {
  sloId: string;
  service: string;
  /** Current burn rate (1 = spending the budget exactly over the SLO window). */
  burnRate: number;
  /** Error budget left, 0–1. */
  budgetRemaining: number;
  /** When the budget runs out at this rate; null if it does not. */
  exhaustedAtMillis: number | null;
}

/** RISK insight when an SLO's error budget is burning faster than it can last. */
export function sloRiskInsight(slo: SloBurnRef, nowMillis: number): Insight | null {
  if (slo.burnRate <= 1 && slo.budgetRemaining > 0.25) return null;
  const days = slo.exhaustedAtMillis === null ? null : (slo.exhaustedAtMillis - nowMillis) / 86_400_000;
  return finishInsight(
    {
      type: 'RISK',
      subject: `slo:${slo.sloId}`,
      service: slo.service,
      title: `SLO ${slo.sloId} of ${slo.service} is at risk`,
      summary: `Error budget ${Math.round(slo.budgetRemaining * 100)}% left, burning at ${round(slo.burnRate)}×${days === null ? '' : `; exhausted in ${Math.max(0, Math.round(days * 10) / 10)} days at this rate`}.`,
      evidence: [{ kind: 'slo', ref: slo.sloId, label: `burn rate ${round(slo.burnRate)}×` }],
      confidence: Math.min(1, 0.5 + slo.burnRate / 20),
      impact: clamp01(1 - slo.budgetRemaining + (slo.burnRate > 6 ? 0.3 : 0)),
      recommendation:
        slo.budgetRemaining <= 0
          ? `Freeze risky changes to ${slo.service} and fix reliability first: the budget is spent.`
          : `Find what is failing in ${slo.service} now; slow down releases until the burn rate is below 1.`,
    },
    nowMillis,
  );
}

function recommendForCause(cause: RankedCause, pastResolution: string | undefined): string {
  const indicator = cause.indicator.toLowerCase();
  const lead = pastResolution ? `Last time: ${pastResolution.trim()}. ` : '';
  if (indicator.startsWith('log:') || indicator.includes('log_errors')) {
    return `${lead}Read the new ${cause.service} log messages in the evidence; they name the failing dependency or input.`;
  }
  if (/error|availab|fail|5xx/.test(indicator)) {
    return `${lead}Check ${cause.service}'s recent deploys and failing requests; roll back if a release preceded the errors.`;
  }
  if (/cpu|mem|gc|thrott|saturat|utili/.test(indicator)) {
    return `${lead}${cause.service} is resource-bound: scale it out or up, and look for a runaway job or leak.`;
  }
  if (/request|calls|throughput|qps|rps/.test(indicator)) {
    return `${lead}Traffic to ${cause.service} changed sharply: check for a load spike or retry storm, then rate-limit or scale.`;
  }
  return `${lead}Investigate ${cause.service} first (recent deploys, saturation, its own dependencies); its callers are slow because it is.`;
}

function formatChange(relative: number): string {
  if (relative === 0) return 'changed';
  return `${relative > 0 ? '+' : ''}${Math.round(relative * 100)}%`;
}

function round(value: number): number {
  return Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 1000) / 1000;
}
