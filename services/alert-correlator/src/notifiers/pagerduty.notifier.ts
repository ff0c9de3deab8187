import type { Notification, Notifier, NotifyResult, PagerdutyIntegrationConfig } from '@vigil/correlate';
import { renderPagerDuty } from '@vigil/correlate';
import { postJson, sendAll } from './delivery-result';

/**
 * `pagerduty_configs`: Events API v2 (`trigger` while anything fires, `resolve` once all is
 * resolved), with `dedup_key` = SHA-256 of the group key so PagerDuty folds repeats into one
 * incident. The URL comes from the config (`url`, default events.pagerduty.com), which is
 * how tests point it at a local receiver.
 */
export class PagerDutyNotifier implements Notifier {
  constructor(
    private readonly externalUrl: string,
    private readonly timeoutMillis: number,
  ) {}

  async send(n: Notification): Promise<NotifyResult> {
    const config = n.integration as PagerdutyIntegrationConfig;
    return sendAll(renderPagerDuty(n, config, this.externalUrl), (event) => postJson(config.url, event, this.timeoutMillis));
  }
}
