/**
 * Real local receivers for notifier tests: an HTTP server that records every request and
 * answers with scripted statuses, and an SMTP server (npm smtp-server) that records mails.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedRequest {
  readonly path: string;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
  readonly status: number;
}

export class HttpReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** Statuses to answer, in order, before 200 (e.g. [503, 429] to exercise retries). */
  readonly script: number[] = [];
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString('utf8')));
      req.on('end', () => {
        const status = this.script.shift() ?? 200;
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // keep the text
        }
        this.requests.push({ path: req.url ?? '', headers: req.headers, body, status });
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'nope');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Requests that were answered 2xx (what a receiver actually accepted). */
  accepted(path?: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.status < 300 && (path === undefined || r.path === path));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections(); // keep-alive sockets of the notifiers would hold close() open
    });
  }
}

export interface ReceivedMail {
  readonly from: string;
  readonly to: string[];
  readonly raw: string;
  readonly user?: string;
}

export class SmtpReceiver {
  readonly mails: ReceivedMail[] = [];
  /** SMTP codes to answer the next mails with (e.g. [451] transient, [550] permanent). */
  readonly script: number[] = [];
  private server?: SMTPServer;
  port = 0;

  async start(credentials?: { user: string; pass: string }): Promise<this> {
    this.server = new SMTPServer({
      authOptional: !credentials,
      allowInsecureAuth: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onAuth: (auth, _session, cb) => {
        if (credentials && auth.username === credentials.user && auth.password === credentials.pass) return cb(null, { user: auth.username });
        return cb(new Error('invalid credentials'));
      },
      onData: (stream, session, cb) => {
        let raw = '';
        stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
        stream.on('end', () => {
          const code = this.script.shift();
          if (code) {
            const error = Object.assign(new Error(`scripted ${code}`), { responseCode: code });
            return cb(error);
          }
          this.mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            user: session.user as string | undefined,
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
