import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineSuite, freePort, waitFor } from '@vigil/testing';
import { EDITOR_KEY_A, api } from './correlator-harness';
import { HttpReceiver } from './local-receivers';

// Three alert-correlator replicas, each its own process (own chDB), on real Kafka and Redis,
// on the wall clock. Every replica reads every alert and flushes every group; the shared
// notification log and claims in Redis must let exactly one of them deliver each notification.
const RUN = `run${Date.now().toString(36)}`;
const yaml = (hook: string) => `
route:
  receiver: 'null'
  routes:
    - receiver: hook
      matchers: ['run="${RUN}"']
      group_by: [alertname]
      group_wait: 2s
      group_interval: 3s
      repeat_interval: 1h
receivers:
  - name: 'null'
  - name: hook
    webhook_configs: [{ url: '${hook}/hook', send_resolved: true }]
`;

engineSuite('three alert-correlator replicas in separate processes on real Kafka and Redis', ['kafka', 'redis'], ({ kafka, redis }) => {
  const hook = new HttpReceiver();
  const dir = mkdtempSync(join(tmpdir(), 'vigil-ac-replicas-'));
  const children: ChildProcess[] = [];
  const urls: string[] = [];

  beforeAll(async () => {
    await hook.start();
    const configFile = join(dir, 'alertmanager.yml');
    writeFileSync(configFile, yaml(hook.url));
    await Promise.all(
      ['r1', 'r2', 'r3'].map(async (replicaId) => {
        const port = await freePort();
        urls.push(`http://127.0.0.1:${port}`);
        const overrides = {
          dataDir: join(dir, replicaId),
          bus: { kind: 'kafka', brokers: [kafka] },
          state: { kind: 'redis', url: redis, keyPrefix: `vigil-test-${RUN}:` },
          listen: { alertmanagerApi: { port } },
          auth: { apiKeys: [{ key: EDITOR_KEY_A, tenant: RUN, role: 'editor' }] },
          services: { 'alert-correlator': { configFile, replicaId, reloadIntervalMillis: 0, maxIdleMillis: 50 } },
        };
        const child = spawn(process.execPath, ['-r', 'reflect-metadata', '-r', '@swc-node/register', join(__dirname, 'replica-process.ts'), JSON.stringify(overrides)], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        children.push(child);
        await new Promise<void>((resolve, reject) => {
          child.stdout?.on('data', (c: Buffer) => c.toString().includes('ready') && resolve());
          child.once('exit', (code) => reject(new Error(`replica ${replicaId} exited with ${code}`)));
        });
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(children.map((c) => new Promise<void>((resolve) => (c.exitCode !== null ? resolve() : (c.once('exit', () => resolve()), c.kill('SIGTERM'))))));
    await hook.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('delivers each notification exactly once, whichever replica receives the alerts', async () => {
    const at = (offsetMillis: number) => new Date(Date.now() + offsetMillis).toISOString();
    const alert = (name: string, instance: string, endsAt: string) => ({ labels: { alertname: name, instance, run: RUN }, startsAt: at(-1_000), endsAt });
    const post = async (url: string, alerts: unknown[]) => expect((await api(url, '/api/v2/alerts', { method: 'POST', key: EDITOR_KEY_A, body: alerts })).status).toBe(200);
    const held = (url: string, n: number) => waitFor(async () => ((await api(url, '/api/v2/alerts', { key: EDITOR_KEY_A })).body as unknown[]).length === n, { timeoutMillis: 20_000, what: `${n} alerts on ${url}` });

    await post(urls[0], [alert('Down', 'a', at(3_600_000)), alert('Down', 'b', at(3_600_000))]);
    await Promise.all(urls.map((u) => held(u, 2))); // every replica holds every alert
    await waitFor(() => hook.accepted().length >= 1, { timeoutMillis: 20_000, what: 'first notification' });

    await post(urls[1], [alert('Down', 'c', at(3_600_000))]);
    await waitFor(() => hook.accepted().length >= 2, { timeoutMillis: 20_000, what: 'second notification' });

    await post(urls[2], [alert('Down', 'a', at(0)), alert('Down', 'b', at(0)), alert('Down', 'c', at(0))]);
    await waitFor(() => hook.accepted().length >= 3, { timeoutMillis: 20_000, what: 'resolved notification' });
    await new Promise((resolve) => setTimeout(resolve, 7_000)); // two more group_intervals: any duplicate would arrive now

    const sent = hook.accepted().map((r) => {
      const body = r.body as { status: string; alerts: { labels: Record<string, string>; status: string }[] };
      return `${body.status}:${body.alerts.map((a) => `${a.labels.instance}=${a.status}`).sort().join(',')}`;
    });
    // Exactly once: no notification is delivered twice. (A replica whose bus lags may see part
    // of a POST when its timer fires and send that view first — Alertmanager's HA does the same —
    // so the exact sequence is only asserted at its ends.)
    expect(new Set(sent).size).toBe(sent.length);
    expect(sent[0]).toMatch(/^firing:a=firing,b=firing/);
    expect(sent).toContain('firing:a=firing,b=firing,c=firing');
    expect(sent.at(-1)).toBe('resolved:a=resolved,b=resolved,c=resolved');
  }, 90_000);
});
