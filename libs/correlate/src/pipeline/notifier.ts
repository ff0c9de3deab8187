/**
 * The notifier port: one integration (a Slack webhook, a PagerDuty routing key, an SMTP
 * relay, a webhook URL) delivers one notification. Adapters live in the service; the result
 * says whether a failure is worth retrying (429, 5xx, network) or not (other 4xx), as
 * Alertmanager's `Notifier.Notify` returns `(retry, err)`.
 */
import type { Alert } from '../alerts/alert';
import type { IntegrationConfig } from '../config/config.types';
import type { LabelSet } from '../labels/fingerprint';

export interface Notification {
  readonly receiver: string;
  readonly receiverKey: string;
  readonly integration: IntegrationConfig;
  readonly groupKey: string;
  readonly groupLabels: LabelSet;
  /** What to send: firing alerts have `endsAtMillis: null`; resolved ones only with send_resolved. */
  readonly alerts: readonly Alert[];
  /** The flush time; alert status is relative to it. */
  readonly nowMillis: number;
}

export type NotifyResult = { readonly ok: true } | { readonly ok: false; readonly retry: boolean; readonly reason: string };

export interface Notifier {
  /** Delivers the notification; never throws (a thrown error counts as retryable). */
  send(notification: Notification): Promise<NotifyResult>;
}

/** An in-memory notifier that records what it was given: for tests and simulations. */
export class RecordingNotifier implements Notifier {
  readonly sent: Notification[] = [];
  /** Results to return, in order, before falling back to success (to script failures). */
  readonly scripted: NotifyResult[] = [];

  async send(notification: Notification): Promise<NotifyResult> {
    const result = this.scripted.shift() ?? { ok: true };
    if (result.ok) this.sent.push(notification);
    return result;
  }
}
