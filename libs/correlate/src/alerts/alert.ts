/**
 * Alerts as Alertmanager holds them (`types.Alert`), in epoch milliseconds, and the rules for
 * turning a posted alert into one (API v2 defaults) and for merging re-sent alerts
 * (`Alert.Merge`, as the in-memory provider applies it).
 */
import type { LabelSet } from '../labels/fingerprint';
import { compareUtf8, fingerprint } from '../labels/fingerprint';
import { isValidLabelName } from '../labels/matcher';

export interface Alert {
  readonly labels: LabelSet;
  readonly annotations: LabelSet;
  readonly startsAtMillis: number;
  /** null = Go's zero time (no end known; a firing alert in a notification). */
  readonly endsAtMillis: number | null;
  readonly generatorURL: string;
  /** When Alertmanager last received it; decides which copy is younger on merge. */
  readonly updatedAtMillis: number;
  /** True when endsAt was filled in from resolve_timeout rather than sent by the client. */
  readonly timeout: boolean;
}

/** An alert as a client posts it (`POST /api/v2/alerts`); times in epoch milliseconds. */
export interface PostableAlert {
  readonly labels: LabelSet;
  readonly annotations?: LabelSet;
  readonly startsAtMillis?: number;
  readonly endsAtMillis?: number;
  readonly generatorURL?: string;
}

export type AlertStatus = 'firing' | 'resolved';

export class InvalidAlertError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAlertError';
  }
}

/** `Alert.ResolvedAt`: an end time at or before `nowMillis`. */
export function isResolvedAt(alert: Alert, nowMillis: number): boolean {
  return alert.endsAtMillis !== null && alert.endsAtMillis <= nowMillis;
}

export function statusAt(alert: Alert, nowMillis: number): AlertStatus {
  return isResolvedAt(alert, nowMillis) ? 'resolved' : 'firing';
}

export function alertFingerprint(alert: Pick<Alert, 'labels'>): string {
  return fingerprint(alert.labels);
}

/**
 * What the API v2 handler does with a posted alert: labels with empty values are dropped,
 * startsAt defaults to now (or to endsAt when only that is given), a missing endsAt becomes
 * now + resolve_timeout with `timeout` set, then the alert is validated (labels present and
 * valid, end not before start).
 */
export function acceptPostedAlert(posted: PostableAlert, nowMillis: number, resolveTimeoutMillis: number): Alert {
  let startsAtMillis = posted.startsAtMillis;
  let endsAtMillis = posted.endsAtMillis;
  let timeout = false;
  if (startsAtMillis === undefined) startsAtMillis = endsAtMillis ?? nowMillis;
  if (endsAtMillis === undefined) {
    timeout = true;
    endsAtMillis = nowMillis + resolveTimeoutMillis;
  }
  // API v2 drops labels with empty values before anything else (`removeEmptyLabels`): in
  // Prometheus an empty value means "no such label", and the fingerprint must agree.
  const labels: Record<string, string> = {};
  for (const [name, value] of Object.entries(posted.labels ?? {})) if (value !== '') labels[name] = value;
  const names = Object.keys(labels);
  if (names.length === 0) throw new InvalidAlertError('at least one label pair required');
  for (const name of names) {
    if (!isValidLabelName(name)) throw new InvalidAlertError(`invalid name "${name}"`);
    if (typeof labels[name] !== 'string') throw new InvalidAlertError(`invalid value for label "${name}"`);
  }
  for (const name of Object.keys(posted.annotations ?? {})) {
    if (!isValidLabelName(name)) throw new InvalidAlertError(`invalid name "${name}"`);
  }
  if (endsAtMillis < startsAtMillis) throw new InvalidAlertError('start time must be before end time');
  return {
    labels,
    annotations: { ...(posted.annotations ?? {}) },
    startsAtMillis,
    endsAtMillis,
    generatorURL: posted.generatorURL ?? '',
    updatedAtMillis: nowMillis,
    timeout,
  };
}

/**
 * `Alert.Merge`: the younger copy wins, but the earliest start is kept; a resolved younger
 * copy keeps the latest explicit end when both are resolved; a firing younger copy keeps an
 * older, later, explicit (non-timeout) end.
 */
export function mergeAlerts(a: Alert, b: Alert, nowMillis: number): Alert {
  if (b.updatedAtMillis < a.updatedAtMillis) return mergeAlerts(b, a, nowMillis);
  let startsAtMillis = b.startsAtMillis;
  let endsAtMillis = b.endsAtMillis;
  if (a.startsAtMillis < b.startsAtMillis) startsAtMillis = a.startsAtMillis;
  const after = (x: number | null, y: number | null): boolean => (x ?? -Infinity) > (y ?? -Infinity);
  if (isResolvedAt(b, nowMillis)) {
    if (isResolvedAt(a, nowMillis) && after(a.endsAtMillis, b.endsAtMillis)) endsAtMillis = a.endsAtMillis;
  } else if (after(a.endsAtMillis, b.endsAtMillis) && !a.timeout) {
    endsAtMillis = a.endsAtMillis;
  }
  return { ...b, startsAtMillis, endsAtMillis };
}

/**
 * The provider's rule for when a re-sent alert is merged with the stored one instead of
 * replacing it: their activity ranges overlap.
 */
export function overlaps(old: Alert, incoming: Alert): boolean {
  const oldEnd = old.endsAtMillis ?? Infinity;
  const inEnd = incoming.endsAtMillis ?? -Infinity;
  return (
    (inEnd > old.startsAtMillis && inEnd < oldEnd) ||
    (incoming.startsAtMillis > old.startsAtMillis && incoming.startsAtMillis < oldEnd)
  );
}

/** `LabelSet.Before`, used by `AlertSlice` sorting. */
function labelSetBefore(a: LabelSet, b: LabelSet): boolean {
  const an = Object.keys(a);
  const bn = Object.keys(b);
  if (an.length !== bn.length) return an.length < bn.length;
  for (const name of [...an, ...bn].sort(compareUtf8)) {
    if (!(name in a)) return true;
    if (!(name in b)) return false;
    const c = compareUtf8(a[name], b[name]);
    if (c !== 0) return c < 0;
  }
  return false;
}

/** `types.AlertSlice` order: by `job`, then `instance` (present first), then label sets. */
export function compareAlerts(a: Alert, b: Alert): number {
  for (const key of ['job', 'instance']) {
    const av = a.labels[key];
    const bv = b.labels[key];
    if (av === undefined && bv === undefined) continue;
    if (av === undefined) return 1;
    if (bv === undefined) return -1;
    if (av !== bv) return compareUtf8(av, bv);
  }
  if (labelSetBefore(a.labels, b.labels)) return -1;
  if (labelSetBefore(b.labels, a.labels)) return 1;
  return 0;
}
