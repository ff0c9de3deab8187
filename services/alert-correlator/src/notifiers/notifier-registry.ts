import type { NotifierRegistry } from '@vigil/correlate';
import { EmailNotifier } from './email.notifier';
import { PagerDutyNotifier } from './pagerduty.notifier';
import { SlackNotifier } from './slack.notifier';
import { WebhookNotifier } from './webhook.notifier';

/** One real notifier per integration kind (a new channel is one entry here). */
export function createNotifiers(externalUrl: string, timeoutMillis: number): { registry: NotifierRegistry; close(): void } {
  const email = new EmailNotifier(externalUrl, timeoutMillis);
  return {
    registry: {
      slack: new SlackNotifier(externalUrl, timeoutMillis),
      pagerduty: new PagerDutyNotifier(externalUrl, timeoutMillis),
      email,
      webhook: new WebhookNotifier(externalUrl, timeoutMillis),
    },
    close: () => email.close(),
  };
}
