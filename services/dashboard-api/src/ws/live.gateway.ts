import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { toJson } from '@bufbuild/protobuf';
import type { Bus, BusConsumer, TopicHandler } from '@vigil/bus';
import { decodePayload, TOPIC_SCHEMAS, TOPICS } from '@vigil/contracts';
import { BUS, LOGGER } from '@vigil/runtime';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';
import { AuthGuard } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import type { DashboardApiConfig } from '../dashboard-api.config';
import { DASHBOARD_API_CONFIG } from '../dashboard-api.tokens';
import { toProblem } from '../http/problem';
import { LIVE_TOPICS, type LiveClient, LiveHub, type LiveTopic, PROTOCOL_VERSION } from './live-hub';

const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), topics: z.array(z.enum(LIVE_TOPICS)).min(1), cursor: z.number().int().min(0).optional() }),
  z.object({ type: z.literal('unsubscribe'), topics: z.array(z.enum(LIVE_TOPICS)).min(1) }),
]);

/** Bus topic → live topic, and how to read its tenant and coalescing key. */
const SOURCES: ReadonlyArray<{ topic: (typeof TOPICS)[keyof typeof TOPICS]; live: LiveTopic }> = [
  { topic: TOPICS.anomalies, live: 'anomalies' },
  { topic: TOPICS.alerts, live: 'alerts' },
  { topic: TOPICS.incidents, live: 'incidents' },
  { topic: TOPICS.insights, live: 'insights' },
  { topic: TOPICS.forecasts, live: 'forecasts' },
];

/**
 * `/ws`: authenticated with the same keys as the REST API (headers, or `?key=` for browsers,
 * which cannot set headers on a WebSocket). Every replica consumes the live topics in its own
 * consumer group (`dashboard-api.ws.<replicaId>`, from the latest offset) and fans each event
 * out to its own subscribers of the event's tenant.
 */
@Injectable()
export class LiveGateway implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly hub: LiveHub;
  private wss: WebSocketServer | undefined;
  private consumer: BusConsumer | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly alive = new WeakMap<WebSocket, boolean>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: AuthGuard,
    @Inject(BUS) private readonly bus: Bus,
    @Inject(DASHBOARD_API_CONFIG) private readonly config: DashboardApiConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.hub = new LiveHub(config.wsReplayEvents, config.wsSlowClientBytes);
  }

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(request.url ?? '/', 'http://x').pathname !== '/ws') return;
      this.upgrade(request, socket, head).catch((error: unknown) => socket.destroy(error as Error));
    });
    this.heartbeat = setInterval(() => this.beat(), this.config.wsHeartbeatMillis);
    this.flushTimer = setInterval(() => this.hub.flush(), 100);
    this.heartbeat.unref();
    this.flushTimer.unref();
    this.consumer = this.bus.consumer({
      groupId: `dashboard-api.ws.${this.config.replicaId}`,
      startFrom: 'latest',
      handlers: SOURCES.map(({ topic, live }) => this.handler(topic, live)),
      onError: (error, info) => this.logger.warn({ err: error, ...info }, 'live event fan-out failed'),
    });
    // Joining a Kafka group takes seconds: never on the start path.
    this.consumer.start().catch((error: unknown) => this.logger.error({ err: error }, 'live event consumer did not start'));
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    clearInterval(this.flushTimer);
    for (const socket of this.wss?.clients ?? []) socket.close(1001, 'server shutting down');
    this.wss?.close();
    await this.consumer?.stop();
  }

  private handler(topic: (typeof SOURCES)[number]['topic'], live: LiveTopic): TopicHandler<unknown> {
    return {
      topic,
      decode: (bytes) => decodePayload(topic, bytes),
      handle: async (batch) => {
        for (const message of batch.messages) {
          const payload = message.value as { tenant: string };
          const data = toJson(TOPIC_SCHEMAS[topic] as never, payload as never, { alwaysEmitImplicit: true });
          this.hub.publish(payload.tenant, live, message.key, data);
        }
      },
    };
  }

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://x');
    const queryKey = url.searchParams.get('key');
    const headers = queryKey ? { ...request.headers, 'x-api-key': queryKey } : request.headers;
    let principal: Principal;
    try {
      principal = await this.auth.authenticate(headers, request.socket.remoteAddress);
    } catch (error) {
      const problem = toProblem(error);
      socket.end(`HTTP/1.1 ${problem.status} Unauthorized\r\ncontent-type: application/problem+json\r\nconnection: close\r\n\r\n${JSON.stringify({ status: problem.status, detail: problem.detail })}`);
      return;
    }
    this.wss!.handleUpgrade(request, socket, head, (ws) => this.connected(ws, principal));
  }

  private connected(ws: WebSocket, principal: Principal): void {
    const client: LiveClient = {
      tenant: principal.tenant,
      topics: new Set(),
      bufferedBytes: () => ws.bufferedAmount,
      send: (message) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
      },
      held: new Map(),
    };
    this.alive.set(ws, true);
    ws.on('pong', () => this.alive.set(ws, true));
    ws.on('close', () => this.hub.remove(client));
    ws.on('error', () => this.hub.remove(client));
    ws.on('message', (raw) => this.onMessage(client, raw.toString()));
    this.hub.add(client);
    client.send({ v: PROTOCOL_VERSION, type: 'hello', tenant: principal.tenant, topics: LIVE_TOPICS, cursor: this.hub.cursor(principal.tenant), heartbeatMillis: this.config.wsHeartbeatMillis });
  }

  private onMessage(client: LiveClient, text: string): void {
    let parsed: z.infer<typeof clientMessage>;
    try {
      parsed = clientMessage.parse(JSON.parse(text));
    } catch (error) {
      client.send({ v: PROTOCOL_VERSION, type: 'error', detail: `could not read the message (${(error as Error).message.slice(0, 200)}); send {"type":"subscribe","topics":["alerts"],"cursor":0}` });
      return;
    }
    if (parsed.type === 'unsubscribe') {
      for (const topic of parsed.topics) client.topics.delete(topic);
      client.send({ v: PROTOCOL_VERSION, type: 'unsubscribed', topics: parsed.topics });
      return;
    }
    for (const topic of parsed.topics) client.topics.add(topic);
    const resumed = parsed.cursor === undefined ? { replayed: 0, gap: false } : this.hub.resume(client, parsed.cursor);
    client.send({ v: PROTOCOL_VERSION, type: 'subscribed', topics: [...client.topics], cursor: this.hub.cursor(client.tenant), ...resumed });
  }

  /** Pings every socket; one that did not answer the previous ping is dropped. */
  private beat(): void {
    for (const ws of this.wss?.clients ?? []) {
      if (this.alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      this.alive.set(ws, false);
      ws.ping();
    }
    // Browsers do not expose ping frames: a JSON heartbeat tells them the link and cursor are live.
    this.hub.heartbeat();
  }
}
