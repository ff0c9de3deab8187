/**
 * The live-event hub behind `/ws`, without sockets: per-tenant sequence numbers, a replay ring
 * for resume-after-reconnect, subscriptions, and the slow-client rule. Pure; the gateway wires it.
 *
 * Slow client rule: while a client's outbound buffer is over its limit, series-keyed updates
 * (anomalies, forecasts) are coalesced to the latest per series and sent once it drains; alert,
 * incident and insight events are always sent (queued), so none is ever dropped.
 */
export const LIVE_TOPICS = ['anomalies', 'alerts', 'incidents', 'insights', 'forecasts'] as const;
export type LiveTopic = (typeof LIVE_TOPICS)[number];
const COALESCED: ReadonlySet<LiveTopic> = new Set(['anomalies', 'forecasts']);

/** Protocol version of every message; bumped on an incompatible change. */
export const PROTOCOL_VERSION = 1;

export interface LiveEvent {
  readonly v: typeof PROTOCOL_VERSION;
  readonly type: 'event';
  readonly topic: LiveTopic;
  /** Per-tenant, increasing: the resume cursor. */
  readonly seq: number;
  /** Series fingerprint or event id: the coalescing key. */
  readonly key: string;
  readonly data: unknown;
}

export interface LiveClient {
  readonly tenant: string;
  readonly topics: Set<LiveTopic>;
  /** Bytes the socket has not sent yet. */
  bufferedBytes(): number;
  send(message: object): void;
  /** Series updates held back while slow, latest per key. */
  readonly held: Map<string, LiveEvent>;
}

export class LiveHub {
  private readonly seqByTenant = new Map<string, number>();
  private readonly replay = new Map<string, LiveEvent[]>();
  private readonly clients = new Set<LiveClient>();

  constructor(
    private readonly replayEvents: number,
    private readonly slowClientBytes: number,
  ) {}

  add(client: LiveClient): void {
    this.clients.add(client);
  }

  remove(client: LiveClient): void {
    this.clients.delete(client);
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** The tenant's latest sequence number (a fresh subscriber's cursor). */
  cursor(tenant: string): number {
    return this.seqByTenant.get(tenant) ?? 0;
  }

  /** Records an event and sends it to the tenant's subscribers. */
  publish(tenant: string, topic: LiveTopic, key: string, data: unknown): LiveEvent {
    const seq = this.cursor(tenant) + 1;
    this.seqByTenant.set(tenant, seq);
    const event: LiveEvent = { v: PROTOCOL_VERSION, type: 'event', topic, seq, key, data };
    let ring = this.replay.get(tenant);
    if (!ring) this.replay.set(tenant, (ring = []));
    ring.push(event);
    if (ring.length > this.replayEvents) ring.splice(0, ring.length - this.replayEvents);
    for (const client of this.clients) if (client.tenant === tenant && client.topics.has(topic)) this.deliver(client, event);
    return event;
  }

  /**
   * Events after `afterSeq` for the client's topics, or `gap: true` when the ring no longer holds
   * them all (the client should reload from the REST API, then follow live).
   */
  resume(client: LiveClient, afterSeq: number): { replayed: number; gap: boolean } {
    const ring = this.replay.get(client.tenant) ?? [];
    const oldest = ring[0]?.seq ?? this.cursor(client.tenant) + 1;
    const gap = afterSeq < oldest - 1;
    let replayed = 0;
    for (const event of ring) {
      if (event.seq > afterSeq && client.topics.has(event.topic)) {
        client.send(event);
        replayed++;
      }
    }
    return { replayed, gap };
  }

  /** A heartbeat message (with the tenant's cursor) to every client. */
  heartbeat(): void {
    for (const client of this.clients) client.send({ v: PROTOCOL_VERSION, type: 'heartbeat', cursor: this.cursor(client.tenant) });
  }

  /** Sends held series updates of clients whose buffer has drained. */
  flush(): void {
    for (const client of this.clients) {
      if (client.held.size === 0 || client.bufferedBytes() > this.slowClientBytes) continue;
      const held = [...client.held.values()].sort((a, b) => a.seq - b.seq);
      client.held.clear();
      for (const event of held) client.send(event);
    }
  }

  private deliver(client: LiveClient, event: LiveEvent): void {
    if (COALESCED.has(event.topic) && (client.held.size > 0 || client.bufferedBytes() > this.slowClientBytes)) {
      client.held.set(`${event.topic}:${event.key}`, event);
      return;
    }
    client.send(event);
  }
}
