/**
 * The engine's state in API v2 shapes, and the query filters (`filter`, `active`, `silenced`,
 * `inhibited`, `unprocessed`, `receiver`) as Alertmanager 0.25 applies them: resolved alerts
 * are not listed; silences are evaluated at query time, inhibition as last marked.
 */
import type { AlertView, AlertmanagerEngine, MatcherSpec, Silence } from '@vigil/correlate';
import { compileMatcher, fingerprint as fingerprintOf, matchesAll, matcherToApi, silenceState } from '@vigil/correlate';
import type { AlertGroupBody, GettableAlert, GettableSilence } from './am-schemas';

/** Go's zero time, what Alertmanager prints for "no end". */
const ZERO_TIME = '0001-01-01T00:00:00.000Z';
const iso = (millis: number | null): string => (millis === null ? ZERO_TIME : new Date(millis).toISOString());

export interface AlertFilter {
  readonly matchers: readonly MatcherSpec[];
  readonly active: boolean;
  readonly silenced: boolean;
  readonly inhibited: boolean;
  readonly unprocessed: boolean;
  readonly receiver?: RegExp;
}

export async function gettableAlerts(engine: AlertmanagerEngine, filter: AlertFilter, nowMillis: number): Promise<Map<string, GettableAlert>> {
  const matchers = filter.matchers.map(compileMatcher);
  const out = new Map<string, GettableAlert>();
  for (const view of engine.listAlerts(nowMillis)) {
    if (view.status === 'resolved') continue;
    if (!matchesAll(matchers, view.alert.labels)) continue;
    if (filter.receiver && !view.receivers.some((r) => filter.receiver?.test(r))) continue;
    const gettable = await toGettable(engine, view, nowMillis);
    const { state, silencedBy, inhibitedBy } = gettable.status;
    if (!filter.active && state === 'active') continue;
    if (!filter.unprocessed && state === 'unprocessed') continue;
    if (!filter.silenced && silencedBy.length > 0) continue;
    if (!filter.inhibited && inhibitedBy.length > 0) continue;
    out.set(view.fingerprint, gettable);
  }
  return out;
}

async function toGettable(engine: AlertmanagerEngine, view: AlertView, nowMillis: number): Promise<GettableAlert> {
  const silencedBy = await engine.silences.mutedBy(view.alert.labels, nowMillis);
  const inhibitedBy = [...view.inhibitedBy];
  // As Alertmanager's API: muting is evaluated on every read, which marks the alert active
  // or suppressed, so "unprocessed" is never what a reader sees.
  const state = silencedBy.length > 0 || inhibitedBy.length > 0 ? 'suppressed' : 'active';
  return {
    labels: { ...view.alert.labels },
    annotations: { ...view.alert.annotations },
    startsAt: iso(view.alert.startsAtMillis),
    endsAt: iso(view.alert.endsAtMillis),
    updatedAt: iso(view.alert.updatedAtMillis),
    generatorURL: view.alert.generatorURL,
    fingerprint: view.fingerprint,
    receivers: view.receivers.map((name) => ({ name })),
    status: { state, silencedBy, inhibitedBy },
  };
}

/** Groups with the alerts that pass the filter; groups left empty are not listed (as Alertmanager). */
export async function alertGroups(engine: AlertmanagerEngine, filter: AlertFilter, nowMillis: number): Promise<AlertGroupBody[]> {
  const alerts = await gettableAlerts(engine, { ...filter, receiver: undefined }, nowMillis);
  const groups: AlertGroupBody[] = [];
  for (const group of engine.listGroups()) {
    if (filter.receiver && !filter.receiver.test(group.receiver)) continue;
    const members = group.alerts.map((a) => alerts.get(fingerprintOf(a.labels))).filter((a): a is GettableAlert => a !== undefined);
    if (members.length > 0) groups.push({ labels: { ...group.labels }, receiver: { name: group.receiver }, alerts: members });
  }
  return groups;
}

export function gettableSilence(s: Silence, nowMillis: number): GettableSilence {
  return {
    id: s.id,
    status: { state: silenceState(s, nowMillis) },
    updatedAt: iso(s.updatedAtMillis),
    matchers: s.matchers.map((m) => ({ ...matcherToApi(m), isEqual: m.type === '=' || m.type === '=~' })),
    startsAt: iso(s.startsAtMillis),
    endsAt: iso(s.endsAtMillis),
    createdBy: s.createdBy,
    comment: s.comment,
  };
}

/** Alertmanager's order: active by end, then pending by start, then expired by end (latest first). */
export function sortSilences(silences: GettableSilence[]): GettableSilence[] {
  const rank = { active: 0, pending: 1, expired: 2 } as const;
  return silences.sort((a, b) => {
    const r = rank[a.status.state] - rank[b.status.state];
    if (r !== 0) return r;
    if (a.status.state === 'active') return a.endsAt.localeCompare(b.endsAt);
    if (a.status.state === 'pending') return a.startsAt.localeCompare(b.startsAt);
    return b.endsAt.localeCompare(a.endsAt);
  });
}

/** A silence passes a filter when each filter matcher equals one of its matchers. */
export function silenceMatchesFilter(s: Silence, filter: readonly MatcherSpec[]): boolean {
  return filter.every((f) => s.matchers.some((m) => m.name === f.name && m.value === f.value && m.type === f.type));
}
