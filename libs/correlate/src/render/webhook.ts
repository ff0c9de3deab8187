/**
 * The generic webhook body: Alertmanager's v4 payload, field for field, so receivers written
 * for Alertmanager work unchanged. `max_alerts` truncates as Alertmanager does (the count of
 * dropped alerts goes in `truncatedAlerts`) — that is the documented contract of the field.
 */
import type { WebhookIntegrationConfig } from '../config/config.types';
import type { LabelSet } from '../labels/fingerprint';
import type { Notification } from '../pipeline/notifier';
import { goTime, notificationData } from './common';

export interface WebhookPayload {
  readonly receiver: string;
  readonly status: 'firing' | 'resolved';
  readonly alerts: readonly {
    readonly status: 'firing' | 'resolved';
    readonly labels: LabelSet;
    readonly annotations: LabelSet;
    readonly startsAt: string;
    readonly endsAt: string;
    readonly generatorURL: string;
    readonly fingerprint: string;
  }[];
  readonly groupLabels: LabelSet;
  readonly commonLabels: LabelSet;
  readonly commonAnnotations: LabelSet;
  readonly externalURL: string;
  readonly version: '4';
  readonly groupKey: string;
  readonly truncatedAlerts: number;
}

export function renderWebhook(n: Notification, config: Pick<WebhookIntegrationConfig, 'maxAlerts'>, externalURL: string): WebhookPayload {
  const data = notificationData(n, externalURL);
  const kept = config.maxAlerts > 0 ? data.alerts.slice(0, config.maxAlerts) : data.alerts;
  return {
    receiver: data.receiver,
    status: data.status,
    alerts: kept.map((a) => ({
      status: a.status,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: goTime(a.startsAtMillis),
      endsAt: goTime(a.endsAtMillis),
      generatorURL: a.generatorURL,
      fingerprint: a.fingerprint,
    })),
    groupLabels: data.groupLabels,
    commonLabels: data.commonLabels,
    commonAnnotations: data.commonAnnotations,
    externalURL,
    version: '4',
    groupKey: data.groupKey,
    truncatedAlerts: data.alerts.length - kept.length,
  };
}
