/**
 * PagerDuty Events API v2 events. The dedup_key is the SHA-256 of the group key, as
 * Alertmanager computes it, so a group triggers and later resolves the same PagerDuty alert
 * — also across Vigil restarts and replicas. PagerDuty refuses events over 512 KB; a group too
 * big for one event is split into parts with keys `<key>`, `<key>-part2`, … rather than cut.
 */
import { createHash } from 'node:crypto';
import type { PagerdutyIntegrationConfig } from '../config/config.types';
import type { Notification } from '../pipeline/notifier';
import type { RenderedAlert } from './common';
import { defaultTitle, goTime, labelPairs, notificationData } from './common';
import { packChunks, splitText } from './split';

export const PAGERDUTY_MAX_SUMMARY_CHARS = 1024;
/** Below PagerDuty's 512 KB limit, leaving room for the envelope. */
export const PAGERDUTY_MAX_DETAILS_BYTES = 480 * 1024;

export interface PagerDutyEvent {
  readonly routing_key: string;
  readonly event_action: 'trigger' | 'resolve';
  readonly dedup_key: string;
  readonly payload?: {
    readonly summary: string;
    readonly source: string;
    readonly severity: string;
    readonly timestamp?: string;
    readonly component?: string;
    readonly group?: string;
    readonly class?: string;
    readonly custom_details: Readonly<Record<string, unknown>>;
  };
  readonly client?: string;
  readonly client_url?: string;
}

/** Alertmanager's `notify.Key.Hash()`: hex SHA-256 of the group key. */
export function pagerDutyDedupKey(groupKey: string): string {
  return createHash('sha256').update(groupKey).digest('hex');
}

const encoder = new TextEncoder();

function describe(alert: RenderedAlert): Record<string, unknown> {
  return { status: alert.status, labels: labelPairs(alert.labels), annotations: alert.annotations, startsAt: goTime(alert.startsAtMillis), source: alert.generatorURL };
}

export function renderPagerDuty(n: Notification, config: Pick<PagerdutyIntegrationConfig, 'routingKey' | 'severity' | 'class' | 'component' | 'group' | 'source' | 'client' | 'clientUrl' | 'details'>, externalURL: string): PagerDutyEvent[] {
  const data = notificationData(n, externalURL);
  const baseKey = pagerDutyDedupKey(data.groupKey);
  const chunks = packChunks(data.alerts, (a) => encoder.encode(JSON.stringify(describe(a))).length + 1, PAGERDUTY_MAX_DETAILS_BYTES);
  const title = defaultTitle(data);
  return chunks.map((alerts, i) => {
    const dedupKey = i === 0 ? baseKey : `${baseKey}-part${i + 1}`;
    const part = chunks.length > 1 ? ` (part ${i + 1}/${chunks.length})` : '';
    if (data.status === 'resolved') return { routing_key: config.routingKey, event_action: 'resolve', dedup_key: dedupKey };
    // The summary is a one-line title; the complete list is in custom_details.
    const summaryPieces = splitText(title + part, PAGERDUTY_MAX_SUMMARY_CHARS);
    return {
      routing_key: config.routingKey,
      event_action: 'trigger',
      dedup_key: dedupKey,
      payload: {
        summary: summaryPieces.length > 1 ? `${summaryPieces[0].slice(0, PAGERDUTY_MAX_SUMMARY_CHARS - 1)}…` : summaryPieces[0],
        source: config.source ?? config.client ?? 'vigil',
        severity: config.severity ?? 'error',
        component: config.component,
        group: config.group,
        class: config.class,
        custom_details: {
          ...(config.details ?? {}),
          title,
          num_firing: alerts.filter((a) => a.status === 'firing').length,
          num_resolved: alerts.filter((a) => a.status === 'resolved').length,
          alerts: alerts.map(describe),
        },
      },
      client: config.client ?? 'Vigil',
      client_url: config.clientUrl ?? externalURL,
    };
  });
}
