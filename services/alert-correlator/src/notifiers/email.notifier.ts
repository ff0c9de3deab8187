import type { EmailIntegrationConfig, Notification, Notifier, NotifyResult } from '@vigil/correlate';
import { renderEmail } from '@vigil/correlate';
import { createTransport, type Transporter } from 'nodemailer';
import { OK, resultOfError, sendAll } from './delivery-result';

/** SMTP reply codes 4xx are transient (RFC 5321), 5xx permanent. */
function smtpResult(error: unknown, what: string): NotifyResult {
  const code = (error as { responseCode?: number }).responseCode;
  if (code === undefined) return resultOfError(error, what);
  return { ok: false, retry: code < 500, reason: `${what}: SMTP ${code}` };
}

/**
 * `email_configs`: nodemailer over SMTP to the configured smarthost, one transport per
 * (smarthost, user, TLS) kept open. The password never leaves the transport options.
 */
export class EmailNotifier implements Notifier {
  private readonly transports = new Map<string, Transporter>();

  constructor(
    private readonly externalUrl: string,
    private readonly timeoutMillis: number,
  ) {}

  private transport(config: EmailIntegrationConfig): Transporter {
    const key = JSON.stringify([config.smarthost, config.authUsername ?? '', config.requireTls, config.hello]);
    let transport = this.transports.get(key);
    if (!transport) {
      const [host, port] = splitHostPort(config.smarthost);
      transport = createTransport({
        host,
        port,
        secure: port === 465,
        requireTLS: config.requireTls && port !== 465,
        ignoreTLS: !config.requireTls,
        name: config.hello,
        auth: config.authUsername ? { user: config.authUsername, pass: config.authPassword ?? '' } : undefined,
        connectionTimeout: this.timeoutMillis,
        greetingTimeout: this.timeoutMillis,
        socketTimeout: this.timeoutMillis,
      });
      this.transports.set(key, transport);
    }
    return transport;
  }

  async send(n: Notification): Promise<NotifyResult> {
    const config = n.integration as EmailIntegrationConfig;
    const what = `smtp ${config.smarthost}`;
    return sendAll(renderEmail(n, config, this.externalUrl), async (message) => {
      try {
        await this.transport(config).sendMail({ ...message, headers: { ...message.headers } });
        return OK;
      } catch (error) {
        return smtpResult(error, what);
      }
    });
  }

  close(): void {
    for (const t of this.transports.values()) t.close();
    this.transports.clear();
  }
}

function splitHostPort(smarthost: string): [string, number] {
  const i = smarthost.lastIndexOf(':');
  if (i < 0) return [smarthost, 25];
  return [smarthost.slice(0, i).replace(/^\[|\]$/g, ''), Number(smarthost.slice(i + 1)) || 25];
}
