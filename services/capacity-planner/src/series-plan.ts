/**
 * From capacity plans to what the planner emits (pure): `vigil.forecasts.v1` payloads, one
 * action per series across horizons, and the alert transitions an action change causes.
 */
import { AlertSource, AlertStatus, CapacityAction, TOPICS, createPayload, fingerprintToHex, normalizeLabels, type Alert, type Forecast } from '@vigil/contracts';
import { fingerprint } from '@vigil/correlate';
import type { CapacityAction as ActionName, CapacityPlan } from '@vigil/forecast';

export const ACTION_ENUM: Readonly<Record<ActionName, CapacityAction>> = {
  immediate_scale_up_required: CapacityAction.IMMEDIATE_SCALE_UP_REQUIRED,
  plan_scale_up: CapacityAction.PLAN_SCALE_UP,
  monitor_closely: CapacityAction.MONITOR_CLOSELY,
  consider_scale_down: CapacityAction.CONSIDER_SCALE_DOWN,
  maintain_current_capacity: CapacityAction.MAINTAIN_CURRENT_CAPACITY,
};

const SCALE_UP: readonly ActionName[] = ['immediate_scale_up_required', 'plan_scale_up', 'monitor_closely'];
const SEVERITY: Readonly<Record<ActionName, string>> = {
  immediate_scale_up_required: 'critical',
  plan_scale_up: 'warning',
  monitor_closely: 'info',
  consider_scale_down: 'info',
  maintain_current_capacity: 'none',
};

/** One owned series: its identity and the resource it was matched to. */
export interface SeriesRef {
  readonly tenant: string;
  readonly fingerprint: bigint;
  readonly metricName: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly resource: string;
}

/** The plan of one horizon. */
export interface HorizonPlan {
  readonly horizon: string;
  readonly plan: CapacityPlan;
}

/** A horizon's verdict: its action, the rule that chose it, whether a forecast was made. */
export interface HorizonVerdict {
  readonly horizon: string;
  readonly action: ActionName;
  readonly rule: string;
  readonly hasForecast: boolean;
}

/**
 * The series' action across horizons: the most urgent scale-up any horizon asks for; scaling
 * down only when every horizon with a forecast agrees; otherwise maintain.
 */
export function combinedAction(verdicts: readonly HorizonVerdict[]): { action: ActionName; horizon?: string; rule?: string } {
  for (const action of SCALE_UP) {
    const hit = verdicts.find((v) => v.action === action);
    if (hit) return { action, horizon: hit.horizon, rule: hit.rule };
  }
  const forecasting = verdicts.filter((v) => v.hasForecast);
  if (forecasting.length > 0 && forecasting.every((v) => v.action === 'consider_scale_down')) {
    return { action: 'consider_scale_down', horizon: forecasting[0].horizon, rule: forecasting[0].rule };
  }
  const first = verdicts[0];
  return { action: 'maintain_current_capacity', horizon: first?.horizon, rule: first?.rule };
}

const labelList = (record: Readonly<Record<string, string>>) => [...normalizeLabels(Object.entries(record).filter(([, v]) => v !== '').map(([name, value]) => ({ name, value })))];

const formatTime = (millis: number | null) => (millis === null ? 'not within the horizon' : new Date(millis).toISOString());

/** The `vigil.forecasts.v1` payload of one horizon's plan; its id depends only on its inputs. */
export function toForecast(series: SeriesRef, { horizon, plan }: HorizonPlan): Forecast {
  const generatedAtUnixMs = plan.forecastStartMillis - plan.stepMillis;
  const result = plan.forecast;
  const id = fingerprint({ series: fingerprintToHex(series.fingerprint), horizon, generated_at: String(generatedAtUnixMs), model: result.model });
  const capacity = plan.capacity;
  const backtest = result.backtest;
  const explanation = [
    `${plan.action} (rule ${plan.rule.id}: ${plan.rule.description}).`,
    capacity === null ? 'No capacity known.' : `Capacity ${round(capacity)} (${plan.capacitySource}), utilisation now ${pct(plan.currentUtilisation)}.`,
    `Warning ${pct(plan.warning.threshold)} at ${formatTime(plan.warning.atMillis)} (earliest ${formatTime(plan.warning.earliestAtMillis)});`,
    `critical ${pct(plan.critical.threshold)} at ${formatTime(plan.critical.atMillis)} (earliest ${formatTime(plan.critical.earliestAtMillis)}).`,
    plan.recommendedCapacity === null ? '' : `Recommended capacity ${round(plan.recommendedCapacity)}${plan.recommendedReplicas === null ? '' : ` (${plan.recommendedReplicas} replicas)`}.`,
    `Model ${result.model} (${result.status}): ${result.reason}${backtest ? ` Back-test over ${backtest.origins} origins: MAE ${round(backtest.mae)}, MASE ${round(backtest.mase)}.` : ''}`,
  ]
    .filter(Boolean)
    .join(' ');
  return createPayload(TOPICS.forecasts, {
    id,
    tenant: series.tenant,
    seriesFingerprint: series.fingerprint,
    metricName: series.metricName,
    labels: labelList(series.labels),
    generatedAtUnixMs,
    stepMillis: plan.stepMillis,
    points: result.point.map((value, i) => ({
      timeUnixMs: plan.forecastStartMillis + i * plan.stepMillis,
      value,
      lower80: result.lower80[i],
      upper80: result.upper80[i],
      lower95: result.lower95[i],
      upper95: result.upper95[i],
    })),
    threshold: capacity === null ? undefined : plan.critical.threshold * capacity,
    // Interpolated crossings fall between milliseconds; the store keeps DateTime64(3).
    breachAtUnixMs: roundedTime(plan.critical.atMillis),
    earliestBreachAtUnixMs: roundedTime(plan.critical.earliestAtMillis),
    action: ACTION_ENUM[plan.action],
    model: result.model,
    mase: backtest ? backtest.mase : Number.NaN,
    explanation,
  });
}

/** The alert a series has open: enough to resolve it later. */
export interface OpenAlert {
  readonly fingerprint: string;
  readonly action: ActionName;
  readonly startsAtMillis: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/**
 * Alert transitions when a series' action becomes `next`: nothing when it did not change; else
 * the open alert resolves, and a new one fires unless the action is to maintain capacity.
 * `action` and `severity` are labels, so a changed action is a new alert (as in Alertmanager).
 */
export function alertTransitions(
  series: SeriesRef,
  open: OpenAlert | null,
  next: { action: ActionName; horizon?: string; rule?: string; summary: string },
  nowMillis: number,
): { alerts: Alert[]; open: OpenAlert | null } {
  if ((open?.action ?? 'maintain_current_capacity') === next.action) return { alerts: [], open };
  const alerts: Alert[] = [];
  if (open) alerts.push(toAlert(series.tenant, open, AlertStatus.RESOLVED, nowMillis));
  if (next.action === 'maintain_current_capacity') return { alerts, open: null };
  const labels: Record<string, string> = {
    ...series.labels,
    alertname: 'CapacityForecast',
    action: next.action,
    severity: SEVERITY[next.action],
    resource: series.resource,
    metric: series.metricName,
  };
  const alertFingerprint = fingerprint(labels);
  const annotations = {
    summary: `${series.resource}: ${next.action.replace(/_/g, ' ')}`,
    description: next.summary,
    rule: next.rule ?? '',
    horizon: next.horizon ?? '',
    vigil_alert_id: `${alertFingerprint}-${nowMillis}`,
  };
  const opened: OpenAlert = { fingerprint: alertFingerprint, action: next.action, startsAtMillis: nowMillis, labels, annotations };
  alerts.push(toAlert(series.tenant, opened, AlertStatus.FIRING, nowMillis));
  return { alerts, open: opened };
}

function toAlert(tenant: string, open: OpenAlert, status: AlertStatus, nowMillis: number): Alert {
  return createPayload(TOPICS.alerts, {
    fingerprint: open.fingerprint,
    tenant,
    status,
    labels: labelList(open.labels),
    annotations: labelList(open.annotations),
    startsAtUnixMs: open.startsAtMillis,
    endsAtUnixMs: status === AlertStatus.RESOLVED ? nowMillis : 0,
    source: AlertSource.CAPACITY_PLANNER,
    updatedAtUnixMs: nowMillis,
  });
}

function roundedTime(millis: number | null): number | undefined {
  return millis === null ? undefined : Math.round(millis);
}

function round(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 1000) / 1000) : 'n/a';
}

function pct(value: number | null): string {
  return value === null || !Number.isFinite(value) ? 'n/a' : `${Math.round(value * 1000) / 10} %`;
}
