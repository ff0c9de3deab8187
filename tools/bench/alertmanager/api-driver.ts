/**
 * Drives one scenario through an Alertmanager API v2 (the real Alertmanager's or Vigil's): a
 * local webhook receiver records every notification, alerts are posted the way Prometheus
 * posts them (re-sent while firing with `endsAt` in the future; `endsAt` = now on resolve),
 * silences go through the silences API. The notifications come back as tick-quantised tuples.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NotificationTuple, Scenario } from '@vigil/correlate';
import { matcherToApi, scenarioActions, sortTuples, tickOf } from '@vigil/correlate';

interface WebhookPayload {
  receiver: string;
  status: 'firing' | 'resolved';
  groupKey: string;
  alerts: { status: string; fingerprint: string }[];
}

/** A started Alertmanager-compatible server. */
export interface LaunchedServer {
  readonly base: string;
  /** Its recent stderr, for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts a server with this Alertmanager YAML (webhooks already pointing at the receiver). */
export type Launcher = (configYaml: string) => Promise<LaunchedServer>;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function request(url: string, method: string, body?: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export async function waitReady(base: string, timeoutMillis: number): Promise<void> {
  const deadline = Date.now() + timeoutMillis;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${base}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`no answer from ${base}/-/ready after ${timeoutMillis} ms`);
}

export async function runThroughApi(scenario: Scenario, launch: Launcher): Promise<NotificationTuple[]> {
  const received: { atMillis: number; payload: WebhookPayload }[] = [];
  const hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push({ atMillis: Date.now(), payload: JSON.parse(body) as WebhookPayload });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const hookPort = (hook.address() as AddressInfo).port;
  let server: LaunchedServer | undefined;
  try {
    server = await launch(scenario.config.replaceAll('{{WEBHOOK}}', `http://127.0.0.1:${hookPort}`));
    const base = server.base;
    const t0 = Date.now() + 300;
    const silenceIds = new Map<string, string>();
    for (const action of scenarioActions(scenario, t0)) {
      await sleep(action.atMillis - Date.now());
      if (action.kind === 'post') {
        await request(`${base}/api/v2/alerts`, 'POST', action.alerts.map((a) => ({
          labels: a.labels, startsAt: new Date(a.startsAtMillis).toISOString(), endsAt: new Date(a.endsAtMillis).toISOString(),
        })));
      } else if (action.kind === 'silence') {
        const res = (await request(`${base}/api/v2/silences`, 'POST', {
          matchers: action.matchers.map(matcherToApi),
          startsAt: new Date(action.startsAtMillis).toISOString(), endsAt: new Date(action.endsAtMillis).toISOString(),
          createdBy: 'vigil-differential', comment: action.ref,
        })) as { silenceID: string };
        silenceIds.set(action.ref, res.silenceID);
      } else {
        await request(`${base}/api/v2/silence/${silenceIds.get(action.ref)}`, 'DELETE');
      }
    }
    // Wait out the last tick's window (¾ tick of allowed delay) before reading the receiver.
    await sleep(t0 + (scenario.durationTicks + 1.25) * scenario.tickMillis - Date.now());
    return sortTuples(
      received
        .filter((r) => tickOf(r.atMillis, t0, scenario.tickMillis) <= scenario.durationTicks)
        .map(({ atMillis, payload }) => ({
          tick: tickOf(atMillis, t0, scenario.tickMillis),
          receiver: payload.receiver,
          groupKey: payload.groupKey,
          status: payload.status,
          alerts: payload.alerts.map((a) => `${a.fingerprint}:${a.status}`).sort(),
        })),
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\nserver output:\n${server?.output().slice(-2000) ?? ''}`);
  } finally {
    await server?.stop();
    await new Promise<void>((resolve) => hook.close(() => resolve()));
  }
}
