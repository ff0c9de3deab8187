import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '@vigil/config';
import { createPayload, encodePayload, IncidentStatus, TOPICS } from '@vigil/contracts';
import { createLogger } from '@vigil/observability';
import { startServices, type RunningVigil } from '@vigil/runtime';
import { freePort, waitFor } from '@vigil/testing';
import WebSocket from 'ws';
import { dashboardApiService } from '../src';

// /ws with a real `ws` client against the real runner (MemoryBus): events are published on the
// bus the way alert-correlator and anomaly-detector publish them.
const KEY_A = 'tenant-a-live-key-00001';
const KEY_B = 'tenant-b-live-key-00001';
const quiet = () => createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

interface Message {
  type: string;
  topic?: string;
  seq?: number;
  cursor?: number;
  key?: string;
  data?: { id?: string; title?: string; tenant?: string };
}

/** A connected client that records every message. */
async function connect(url: string, key: string) {
  const messages: Message[] = [];
  const ws = new WebSocket(url, { headers: { authorization: `Bearer ${key}` } });
  ws.on('message', (raw) => messages.push(JSON.parse(raw.toString()) as Message));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  await waitFor(() => messages.some((m) => m.type === 'hello'));
  const subscribe = async (topics: string[], cursor?: number) => {
    const before = messages.filter((m) => m.type === 'subscribed').length;
    ws.send(JSON.stringify({ type: 'subscribe', topics, cursor }));
    await waitFor(() => messages.filter((m) => m.type === 'subscribed').length > before);
  };
  return { ws, messages, subscribe, events: (topic: string) => messages.filter((m) => m.type === 'event' && m.topic === topic) };
}

describe('dashboard-api /ws (embedded, real client)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-ws-'));
  let vigil: RunningVigil;
  let url: string;

  const incident = (tenant: string, id: string, title = id) =>
    vigil.runtime.bus.publish(TOPICS.incidents, [
      { key: id, value: encodePayload(TOPICS.incidents, createPayload(TOPICS.incidents, { id, tenant, title, status: IncidentStatus.OPEN, revision: 1 })) },
    ]);
  const anomaly = (tenant: string, series: number, score: number) =>
    vigil.runtime.bus.publish(TOPICS.anomalies, [
      { key: `s${series}`, value: encodePayload(TOPICS.anomalies, createPayload(TOPICS.anomalies, { id: `a${series}-${score}`, tenant, metricName: 'cpu', seriesFingerprint: BigInt(series), score })) },
    ]);

  beforeAll(async () => {
    const [port, ops] = await Promise.all([freePort(), freePort()]);
    const config = loadConfig({
      overrides: {
        dataDir,
        listen: { dashboardApi: { port }, ops: { port: ops } },
        auth: { apiKeys: [{ key: KEY_A, tenant: 'tenant-a', role: 'viewer' }, { key: KEY_B, tenant: 'tenant-b', role: 'viewer' }] },
        services: { 'dashboard-api': { wsSlowClientBytes: 1_024, builtinDashboards: false } },
      },
    });
    vigil = await startServices({ config, services: [dashboardApiService], logger: quiet() });
    url = `ws://127.0.0.1:${port}/ws`;
  }, 60_000);

  afterAll(async () => {
    await vigil?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a connection without a valid key', async () => {
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(url);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(status).toBe(401);
  });

  it('delivers an event to subscribers of its tenant only', async () => {
    const a = await connect(url, KEY_A);
    const b = await connect(url, KEY_B);
    await a.subscribe(['incidents']);
    await b.subscribe(['incidents']);
    await incident('tenant-a', 'inc-1');
    await waitFor(() => a.events('incidents').length === 1);
    await incident('tenant-b', 'inc-b');
    await waitFor(() => b.events('incidents').length === 1);
    expect(a.events('incidents').map((m) => m.data?.id)).toEqual(['inc-1']);
    expect(b.events('incidents').map((m) => m.data?.id)).toEqual(['inc-b']);
    a.ws.close();
    b.ws.close();
  });

  it('replays the events a client missed when it reconnects with its cursor', async () => {
    const first = await connect(url, KEY_A);
    await first.subscribe(['incidents']);
    await incident('tenant-a', 'before-drop');
    await waitFor(() => first.events('incidents').length === 1);
    const cursor = first.events('incidents')[0].seq!;
    first.ws.close();
    for (const id of ['missed-1', 'missed-2', 'missed-3']) await incident('tenant-a', id);
    const again = await connect(url, KEY_A);
    await again.subscribe(['incidents'], cursor);
    await waitFor(() => again.events('incidents').length === 3);
    expect(again.events('incidents').map((m) => m.data?.id)).toEqual(['missed-1', 'missed-2', 'missed-3']);
    expect(again.messages.find((m) => m.type === 'subscribed')).toEqual(expect.objectContaining({ replayed: 3, gap: false }));
    again.ws.close();
  });

  it('never loses an incident for a slow client, and coalesces its series updates', async () => {
    const slow = await connect(url, KEY_A);
    await slow.subscribe(['incidents', 'anomalies']);
    // Stop reading: the server's send buffer fills, so the client is slow from the server's side.
    (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const big = 'x'.repeat(32 * 1024);
    for (let i = 0; i < 200; i++) {
      await incident('tenant-a', `slow-${i}`, big);
      await anomaly('tenant-a', i % 3, i);
    }
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await waitFor(() => slow.events('incidents').length === 200, { timeoutMillis: 20_000 });
    expect(slow.events('incidents').map((m) => m.data?.id)).toEqual(Array.from({ length: 200 }, (_, i) => `slow-${i}`));
    const anomalies = slow.events('anomalies');
    expect(anomalies.length).toBeLessThan(200);
    // The latest update of every series arrives.
    for (const id of ['a0-198', 'a1-199', 'a2-197']) await waitFor(() => slow.events('anomalies').some((m) => m.data?.id === id));
    slow.ws.close();
  });
});
