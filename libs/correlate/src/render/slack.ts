/**
 * Slack messages (incoming webhooks, Block Kit). Slack caps a message at 50 blocks and a
 * section's text at 3000 characters; a big group becomes several messages ("part 2/3"), and
 * an alert whose text is too long spans several sections — nothing is cut off.
 */
import type { SlackIntegrationConfig } from '../config/config.types';
import type { Notification } from '../pipeline/notifier';
import type { RenderedAlert } from './common';
import { defaultTitle, labelPairs, notificationData } from './common';
import { packChunks, splitText } from './split';

export const SLACK_MAX_BLOCKS = 50;
export const SLACK_MAX_SECTION_CHARS = 3000;
export const SLACK_MAX_HEADER_CHARS = 150;

export type SlackBlock =
  | { readonly type: 'header'; readonly text: { readonly type: 'plain_text'; readonly text: string } }
  | { readonly type: 'section'; readonly text: { readonly type: 'mrkdwn'; readonly text: string } }
  | { readonly type: 'context'; readonly elements: readonly { readonly type: 'mrkdwn'; readonly text: string }[] }
  | { readonly type: 'divider' };

export interface SlackMessage {
  /** Notification fallback text (shown in notifications and by clients without blocks). */
  readonly text: string;
  readonly blocks: readonly SlackBlock[];
  readonly channel?: string;
  readonly username?: string;
  readonly icon_emoji?: string;
  readonly icon_url?: string;
}

/** Slack mrkdwn needs &, < and > escaped. */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function alertText(alert: RenderedAlert): string {
  const icon = alert.status === 'firing' ? ':red_circle:' : ':large_green_circle:';
  const lines = [`${icon} *${escapeMrkdwn(alert.labels.alertname ?? alert.fingerprint)}* (${alert.status})`];
  for (const key of ['summary', 'description']) if (alert.annotations[key]) lines.push(escapeMrkdwn(alert.annotations[key]));
  lines.push(`\`${escapeMrkdwn(labelPairs(alert.labels))}\``);
  if (alert.generatorURL) lines.push(`<${alert.generatorURL}|source>`);
  return lines.join('\n');
}

function sections(text: string): SlackBlock[] {
  return splitText(text, SLACK_MAX_SECTION_CHARS).map((t) => ({ type: 'section', text: { type: 'mrkdwn', text: t } }) as const);
}

export function renderSlack(n: Notification, config: Pick<SlackIntegrationConfig, 'channel' | 'username' | 'iconEmoji' | 'iconUrl' | 'title' | 'text'>, externalURL: string): SlackMessage[] {
  const data = notificationData(n, externalURL);
  const title = config.title ?? defaultTitle(data);
  // Each alert: its sections plus a divider. Every message also carries a header and a
  // context line, so alert blocks get the remaining budget.
  const perAlert = data.alerts.map((a) => [...sections(alertText(a)), { type: 'divider' } as const]);
  const intro = config.text ? sections(escapeMrkdwn(config.text)) : [];
  const budget = SLACK_MAX_BLOCKS - 2;
  const units = [...(intro.length ? [intro] : []), ...perAlert];
  const chunks = packChunks(units, (u) => u.length, budget).map((c) => c.flat());
  // A unit above the budget (one enormous alert) is split across messages by block.
  const messages = chunks.flatMap((blocks) => packChunks(blocks, () => 1, budget));
  return messages.map((blocks, i) => {
    const part = messages.length > 1 ? ` (part ${i + 1}/${messages.length})` : '';
    const header = splitText(title + part, SLACK_MAX_HEADER_CHARS);
    const headerText = header.length > 1 ? `${header[0].slice(0, SLACK_MAX_HEADER_CHARS - 1)}…` : header[0];
    const all: SlackBlock[] = [
      { type: 'header', text: { type: 'plain_text', text: headerText } },
      // The full title always travels in the context line, so a long title is not lost.
      { type: 'context', elements: [{ type: 'mrkdwn', text: splitText(escapeMrkdwn(title), SLACK_MAX_SECTION_CHARS)[0] + part }] },
      ...blocks,
    ];
    return {
      text: `${title}${part}`,
      blocks: all,
      channel: config.channel,
      username: config.username,
      icon_emoji: config.iconEmoji,
      icon_url: config.iconUrl,
    };
  });
}
