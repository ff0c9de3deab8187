import { IncomingWebhook, IncomingWebhookHTTPError } from '@slack/webhook';
import type { Notification, Notifier, NotifyResult, SlackIntegrationConfig } from '@vigil/correlate';
import { renderSlack } from '@vigil/correlate';
import { OK, hostOf, resultOfError, resultOfStatus, sendAll } from './delivery-result';

/**
 * `slack_configs`: incoming webhooks through `@slack/webhook`, one message per rendered part
 * (blocks; a big group is split across messages, never truncated). The webhook URL is the
 * secret, so only its host appears in reasons.
 */
export class SlackNotifier implements Notifier {
  private readonly hooks = new Map<string, IncomingWebhook>();

  constructor(
    private readonly externalUrl: string,
    private readonly timeoutMillis: number,
  ) {}

  private hook(url: string): IncomingWebhook {
    let hook = this.hooks.get(url);
    if (!hook) this.hooks.set(url, (hook = new IncomingWebhook(url, { timeout: this.timeoutMillis })));
    return hook;
  }

  async send(n: Notification): Promise<NotifyResult> {
    const config = n.integration as SlackIntegrationConfig;
    const what = `slack ${hostOf(config.apiUrl)}`;
    return sendAll(renderSlack(n, config, this.externalUrl), async (message) => {
      try {
        await this.hook(config.apiUrl).send({ ...message, blocks: [...message.blocks] } as Parameters<IncomingWebhook['send']>[0]);
        return OK;
      } catch (error) {
        if (error instanceof IncomingWebhookHTTPError) return resultOfStatus(error.statusCode, what, error.body);
        return resultOfError((error as { original?: unknown }).original ?? error, what);
      }
    });
  }
}
