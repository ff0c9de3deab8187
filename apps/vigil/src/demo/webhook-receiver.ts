import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TimeSource } from '@vigil/fleet';
import type { ReceivedNotification } from './scenario-verdict';

interface WebhookPayload {
  status?: string;
  alerts?: { labels?: Record<string, string> }[];
}

/**
 * A local Alertmanager-webhook endpoint (payload version 4) that records every notification the
 * correlator sends, stamped with the pipeline's (simulated) clock: the scenario suite's count of
 * what would have reached a person.
 */
export class WebhookReceiver {
  readonly received: ReceivedNotification[] = [];
  private server: Server | undefined;

  constructor(private readonly clock: TimeSource) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        try {
          const payload = JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookPayload;
          const services = [...new Set((payload.alerts ?? []).map((a) => a.labels?.service ?? '').filter((s) => s !== ''))];
          this.received.push({ atMillis: this.clock.now(), services, status: payload.status ?? 'firing' });
          response.writeHead(200).end();
        } catch {
          response.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/alerts`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
