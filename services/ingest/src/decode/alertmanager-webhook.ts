import { z } from 'zod';
import { create } from '@bufbuild/protobuf';
import type { Alert } from '@vigil/contracts';
import { AlertSchema, AlertSource, AlertStatus, fingerprintToHex, labelsFingerprint, normalizeLabels } from '@vigil/contracts';
import { InputError } from './input-error';

/**
 * Alertmanager webhook payload, version 4 (what Alertmanager's `webhook_configs` POSTs).
 * Alertmanager adds fields between releases, so unknown ones are allowed here; the fields
 * Vigil reads are checked strictly.
 */
const labelMap = z.record(z.string(), z.string());
const webhookSchema = z.object({
  version: z.literal('4'),
  status: z.enum(['firing', 'resolved']),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved']),
        labels: labelMap.refine((labels) => labels.alertname !== undefined && labels.alertname !== '', 'an alert needs an alertname label'),
        annotations: labelMap.default({}),
        startsAt: z.string().datetime({ offset: true }),
        endsAt: z.string().optional(),
        generatorURL: z.string().optional(),
      }),
    )
    .max(10_000),
});

/** Go's zero time, which Alertmanager sends as `endsAt` of a firing alert. */
const GO_ZERO_TIME_MS = Date.UTC(1, 0, 1);

export function decodeAlertmanagerWebhook(body: Buffer, tenant: string, nowMillis: number): Alert[] {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (cause) {
    throw new InputError(400, 'malformed_json', `request body is not valid JSON: ${(cause as Error).message}`);
  }
  const parsed = webhookSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(400, 'invalid_payload', `not an Alertmanager webhook v4 payload: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data.alerts.map((alert) => {
    const labels = normalizeLabels(Object.entries(alert.labels).map(([name, value]) => ({ name, value })));
    const annotations = normalizeLabels(Object.entries(alert.annotations).map(([name, value]) => ({ name, value })));
    const endsAt = alert.endsAt ? Date.parse(alert.endsAt) : NaN;
    return create(AlertSchema, {
      // Alertmanager's own fingerprint is this hash of the sorted labels.
      fingerprint: fingerprintToHex(labelsFingerprint(labels)),
      tenant,
      status: alert.status === 'firing' ? AlertStatus.FIRING : AlertStatus.RESOLVED,
      labels: [...labels],
      annotations: [...annotations],
      startsAtUnixMs: Date.parse(alert.startsAt),
      endsAtUnixMs: Number.isFinite(endsAt) && endsAt > GO_ZERO_TIME_MS ? endsAt : 0,
      generatorUrl: alert.generatorURL ?? '',
      source: AlertSource.ALERTMANAGER,
      updatedAtUnixMs: nowMillis,
    });
  });
}
