import type { Alert, Incident } from '@vigil/contracts';
import type { GroundTruth } from '@vigil/fleet';

/** A notification as the bench's webhook receiver got it: when (simulated) and about which services. */
export interface ReceivedNotification {
  readonly atMillis: number;
  readonly services: readonly string[];
  readonly status: string;
}

export interface ObservedRun {
  readonly alerts: readonly Alert[];
  readonly incidents: readonly Incident[];
  readonly notifications: readonly ReceivedNotification[];
}

/** How Vigil did on one injected incident, judged against its ground truth. */
export interface ScenarioVerdict {
  readonly scenario: string;
  readonly detected: boolean;
  /** Simulated ms from the fault's start to the first matching incident; null when undetected. */
  readonly timeToDetectMillis: number | null;
  readonly alerts: number;
  readonly notifications: number;
  readonly incidentsOpened: number;
  /** The matching incidents include the root-cause service and no service outside the affected set. */
  readonly membersMatch: boolean;
  readonly topCauseCorrect: boolean;
  readonly topCause: string | null;
  /** For noise scenarios (expectNoIncident): true when nothing paged. */
  readonly expectedNoIncident: boolean;
}

export const serviceOfAlert = (alert: Alert): string | undefined =>
  alert.labels.find((l) => l.name === 'service' || l.name === 'service_name' || l.name === 'service.name')?.value;

/**
 * Judges one scenario from what the pipeline produced in its window [start, end + graceMillis):
 * alerts that started there, incidents opened there that involve an affected service, and
 * webhook notifications received there.
 */
export function judgeScenario(truth: GroundTruth, run: ObservedRun, graceMillis: number): ScenarioVerdict {
  const from = truth.startMillis;
  const to = truth.endMillis + graceMillis;
  const inWindow = (at: number) => at >= from && at < to;
  const affected = new Set(truth.affectedServices);
  // Latest state of each alert: one that fired and since resolved still counts as raised.
  const alerts = run.alerts.filter((a) => inWindow(a.startsAtUnixMs));
  const incidents = latestPerId(run.incidents).filter((i) => inWindow(i.openedAtUnixMs));
  const matching = incidents.filter((i) => i.services.some((s) => affected.has(s))).sort((a, b) => a.openedAtUnixMs - b.openedAtUnixMs);
  const first = matching[0];
  const notifications = run.notifications.filter((n) => inWindow(n.atMillis) && n.status === 'firing');
  const services = new Set(matching.flatMap((i) => i.services));
  const extra = [...services].filter((s) => !affected.has(s));
  const topCause = first?.rootCauseHint?.service || null;
  return {
    scenario: truth.name,
    detected: truth.expectNoIncident ? incidents.length === 0 : first !== undefined,
    timeToDetectMillis: first ? first.openedAtUnixMs - from : null,
    alerts: alerts.length,
    notifications: notifications.length,
    incidentsOpened: incidents.length,
    membersMatch: first !== undefined && services.has(truth.rootCause.service) && extra.length === 0,
    topCauseCorrect: topCause === truth.rootCause.service,
    topCause,
    expectedNoIncident: truth.expectNoIncident,
  };
}

function latestPerId(incidents: readonly Incident[]): Incident[] {
  const byId = new Map<string, Incident>();
  for (const incident of incidents) {
    const seen = byId.get(incident.id);
    if (!seen || seen.revision < incident.revision) byId.set(incident.id, incident);
  }
  return [...byId.values()];
}
