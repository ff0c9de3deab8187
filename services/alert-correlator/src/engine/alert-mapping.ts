/**
 * `vigil.alerts.v1` payloads ↔ the engine's alerts. Alerts that came through an Alertmanager
 * API (Vigil's own or ingest's webhook) get API v2 defaults from their receive time
 * (`updatedAt`), so every replica turns one message into the same alert. Vigil's own
 * producers (anomaly-detector, slo-monitor, …) send a firing alert once and a resolved one
 * later, so a firing alert without an end stays firing until resolved instead of timing out.
 */
import type { Alert as EngineAlert, LabelSet } from '@vigil/correlate';
import { InvalidAlertError, acceptPostedAlert, fingerprint } from '@vigil/correlate';
import { AlertSource, AlertStatus, TOPICS, createPayload, normalizeLabels, type Alert } from '@vigil/contracts';

const record = (labels: readonly { name: string; value: string }[]): Record<string, string> =>
  Object.fromEntries(labels.map((l) => [l.name, l.value]));
const pairs = (set: LabelSet) => [...normalizeLabels(Object.entries(set).map(([name, value]) => ({ name, value })))];

export function engineAlertOf(message: Alert, resolveTimeoutMillis: number): EngineAlert {
  if (message.status === AlertStatus.UNSPECIFIED) throw new InvalidAlertError('alert status unspecified');
  const receivedMillis = message.updatedAtUnixMs;
  let endsAtMillis = message.endsAtUnixMs || undefined;
  if (message.status === AlertStatus.RESOLVED && endsAtMillis === undefined) endsAtMillis = receivedMillis;
  const alert = acceptPostedAlert(
    {
      labels: record(message.labels),
      annotations: record(message.annotations),
      startsAtMillis: message.startsAtUnixMs || undefined,
      endsAtMillis,
      generatorURL: message.generatorUrl,
    },
    receivedMillis,
    resolveTimeoutMillis,
  );
  const fromAlertmanagerApi = message.source === AlertSource.ALERTMANAGER;
  if (!fromAlertmanagerApi && message.status === AlertStatus.FIRING && !message.endsAtUnixMs) return { ...alert, endsAtMillis: null, timeout: false };
  return alert;
}

/**
 * A validated posted alert as the message the API publishes: times as the client sent them
 * (0 = not given, so the consumer applies the defaults at `receivedMillis`).
 */
export function messageOfPosted(
  tenant: string,
  posted: { labels: LabelSet; annotations?: LabelSet; startsAtMillis?: number; endsAtMillis?: number; generatorURL?: string },
  receivedMillis: number,
): Alert {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(posted.labels)) if (v !== '') labels[k] = v;
  const resolved = posted.endsAtMillis !== undefined && posted.endsAtMillis <= receivedMillis;
  return createPayload(TOPICS.alerts, {
    fingerprint: fingerprint(labels),
    tenant,
    status: resolved ? AlertStatus.RESOLVED : AlertStatus.FIRING,
    labels: pairs(labels),
    annotations: pairs(posted.annotations ?? {}),
    startsAtUnixMs: posted.startsAtMillis ?? 0,
    endsAtUnixMs: posted.endsAtMillis ?? 0,
    generatorUrl: posted.generatorURL ?? '',
    source: AlertSource.ALERTMANAGER,
    updatedAtUnixMs: receivedMillis,
  });
}
