import type { Notification, Notifier, NotifyResult, WebhookIntegrationConfig } from '@vigil/correlate';
import { renderWebhook } from '@vigil/correlate';
import { postJson } from './delivery-result';

/** `webhook_configs`: Alertmanager's version 4 JSON payload, POSTed as is. */
export class WebhookNotifier implements Notifier {
  constructor(
    private readonly externalUrl: string,
    private readonly timeoutMillis: number,
  ) {}

  async send(n: Notification): Promise<NotifyResult> {
    const config = n.integration as WebhookIntegrationConfig;
    return postJson(config.url, renderWebhook(n, config, this.externalUrl), this.timeoutMillis);
  }
}
