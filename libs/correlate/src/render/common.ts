/**
 * What every channel's message is built from: Alertmanager's notification data (status,
 * common labels and annotations, the default title) computed from a pipeline `Notification`.
 */
import type { Alert } from '../alerts/alert';
import { alertFingerprint, statusAt } from '../alerts/alert';
import type { LabelSet } from '../labels/fingerprint';
import { compareUtf8 } from '../labels/fingerprint';
import type { Notification } from '../pipeline/notifier';

export interface RenderedAlert {
  readonly status: 'firing' | 'resolved';
  readonly labels: LabelSet;
  readonly annotations: LabelSet;
  readonly startsAtMillis: number;
  readonly endsAtMillis: number | null;
  readonly generatorURL: string;
  readonly fingerprint: string;
}

export interface NotificationData {
  readonly receiver: string;
  readonly status: 'firing' | 'resolved';
  readonly alerts: readonly RenderedAlert[];
  readonly groupLabels: LabelSet;
  readonly commonLabels: LabelSet;
  readonly commonAnnotations: LabelSet;
  readonly groupKey: string;
  readonly externalURL: string;
}

function common(sets: readonly LabelSet[]): LabelSet {
  if (sets.length === 0) return {};
  const out: Record<string, string> = { ...sets[0] };
  for (const s of sets.slice(1)) for (const name of Object.keys(out)) if (s[name] !== out[name]) delete out[name];
  return out;
}

export function renderAlert(alert: Alert, nowMillis: number): RenderedAlert {
  return {
    status: statusAt(alert, nowMillis),
    labels: alert.labels,
    annotations: alert.annotations,
    startsAtMillis: alert.startsAtMillis,
    endsAtMillis: alert.endsAtMillis,
    generatorURL: alert.generatorURL,
    fingerprint: alertFingerprint(alert),
  };
}

/** Alertmanager's `template.Data` for a notification. */
export function notificationData(n: Notification, externalURL: string): NotificationData {
  const alerts = n.alerts.map((a) => renderAlert(a, n.nowMillis));
  return {
    receiver: n.receiver,
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    alerts,
    groupLabels: n.groupLabels,
    commonLabels: common(alerts.map((a) => a.labels)),
    commonAnnotations: common(alerts.map((a) => a.annotations)),
    groupKey: n.groupKey,
    externalURL,
  };
}

const sortedValues = (labels: LabelSet): string[] => Object.keys(labels).sort(compareUtf8).map((k) => labels[k]);

/**
 * Alertmanager's default title: `[FIRING:2] <group label values> (<other common label values>)`.
 */
export function defaultTitle(data: NotificationData): string {
  const firing = data.alerts.filter((a) => a.status === 'firing').length;
  const status = data.status === 'firing' ? `FIRING:${firing}` : 'RESOLVED';
  let title = `[${status}] ${sortedValues(data.groupLabels).join(' ')}`;
  const extra: Record<string, string> = {};
  for (const [k, v] of Object.entries(data.commonLabels)) if (!(k in data.groupLabels)) extra[k] = v;
  if (Object.keys(data.commonLabels).length > Object.keys(data.groupLabels).length) title += ` (${sortedValues(extra).join(' ')})`;
  return title;
}

/** Go's time.Time JSON form (RFC 3339 with trailing zero fractions dropped); zero time for null. */
export function goTime(millis: number | null): string {
  if (millis === null) return '0001-01-01T00:00:00Z';
  return new Date(millis).toISOString().replace(/\.000Z$/, 'Z').replace(/(\.\d*?)0+Z$/, '$1Z');
}

/** `name="value"` pairs sorted by name, for human-readable messages. */
export function labelPairs(labels: LabelSet): string {
  return Object.keys(labels).sort(compareUtf8).map((k) => `${k}="${labels[k]}"`).join(', ');
}
