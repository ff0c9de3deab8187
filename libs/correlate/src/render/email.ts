/**
 * Email messages (subject, plain text, HTML) for nodemailer. Mail has no hard size limit, but
 * a page of thousands of alerts is unreadable and some relays cap message size, so groups
 * above `maxAlertsPerMessage` go out as numbered parts.
 */
import type { EmailIntegrationConfig } from '../config/config.types';
import type { Notification } from '../pipeline/notifier';
import type { RenderedAlert } from './common';
import { defaultTitle, goTime, labelPairs, notificationData } from './common';
import { packChunks } from './split';

export const DEFAULT_EMAIL_MAX_ALERTS = 200;

export interface EmailMessage {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers: Readonly<Record<string, string>>;
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function textOf(a: RenderedAlert): string {
  const lines = [`[${a.status.toUpperCase()}] ${a.labels.alertname ?? a.fingerprint}`, `  labels: ${labelPairs(a.labels)}`];
  for (const [k, v] of Object.entries(a.annotations)) lines.push(`  ${k}: ${v}`);
  lines.push(`  since: ${goTime(a.startsAtMillis)}`);
  if (a.generatorURL) lines.push(`  source: ${a.generatorURL}`);
  return lines.join('\n');
}

function htmlOf(a: RenderedAlert): string {
  const rows = Object.entries(a.annotations).map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('');
  const link = a.generatorURL ? ` <a href="${escapeHtml(a.generatorURL)}">source</a>` : '';
  return `<li><strong>[${a.status.toUpperCase()}] ${escapeHtml(a.labels.alertname ?? a.fingerprint)}</strong>${link}<br><code>${escapeHtml(labelPairs(a.labels))}</code><table>${rows}</table></li>`;
}

export function renderEmail(n: Notification, config: Pick<EmailIntegrationConfig, 'from' | 'to' | 'headers'>, externalURL: string, maxAlertsPerMessage = DEFAULT_EMAIL_MAX_ALERTS): EmailMessage[] {
  const data = notificationData(n, externalURL);
  const title = defaultTitle(data);
  const chunks = packChunks(data.alerts, () => 1, maxAlertsPerMessage);
  return chunks.map((alerts, i) => {
    const part = chunks.length > 1 ? ` (part ${i + 1}/${chunks.length})` : '';
    const subject = `${title}${part}`;
    return {
      from: config.from,
      to: config.to,
      subject,
      text: `${subject}\n\n${alerts.map(textOf).join('\n\n')}\n\n${externalURL}\n`,
      html: `<h2>${escapeHtml(subject)}</h2><ul>${alerts.map(htmlOf).join('')}</ul><p><a href="${escapeHtml(externalURL)}">${escapeHtml(externalURL)}</a></p>`,
      headers: { ...(config.headers ?? {}) },
    };
  });
}
