import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineSuite, freePort, waitFor } from '@vigil/testing';
import { EDITOR_KEY_A, api } from './correlator-harness';
import { HttpReceiver } from './local-receivers';

// Three alert-correlator replicas, each its own process (own chDB), on real Kafka and Redis,
// on the wall clock. Every replica reads every alert and flushes every group; the shared
// notification log and its claimed positions in Redis must let exactly one of them deliver
// each notification — also when one replica lags far behind (stopped with SIGSTOP while the
// others notify) and one is killed mid-stream and restarted from its checkpoint: both come
// back with stale views and overdue timers, and must send nothing already said.
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
  const children = new Map<string, ChildProcess>();
  const urls = new Map<string, string>();
  const configFile = join(dir, 'alertmanager.yml');

  /** Starts replica `replicaId` (again, after a kill: same id, data folder and consumer group). */
  const startReplica = async (replicaId: string) => {
    const port = await freePort();
    urls.set(replicaId, `http://127.0.0.1:${port}`);
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
    children.set(replicaId, child);
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (c: Buffer) => c.toString().includes('ready') && resolve());
      child.once('exit', (code, signal) => reject(new Error(`replica ${replicaId} exited with ${code ?? signal}`)));
    });
  };

  beforeAll(async () => {
    await hook.start();
    writeFileSync(configFile, yaml(hook.url));
    await Promise.all(['r1', 'r2', 'r3'].map(startReplica));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      [...children.values()].map(
        (c) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : (c.once('exit', () => resolve()), c.kill('SIGCONT'), c.kill('SIGTERM')))),
      ),
    );
    await hook.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('delivers each notification exactly once and loses none, while one replica lags and one is killed and restarted', async () => {
    const at = (offsetMillis: number) => new Date(Date.now() + offsetMillis).toISOString();
    const alert = (instance: string, endsAt: string) => ({ labels: { alertname: 'Down', instance, run: RUN }, startsAt: at(-1_000), endsAt });
    const post = async (replica: string, alerts: unknown[]) => expect((await api(urls.get(replica) ?? '', '/api/v2/alerts', { method: 'POST', key: EDITOR_KEY_A, body: alerts })).status).toBe(200);
    const active = async (replica: string) => ((await api(urls.get(replica) ?? '', '/api/v2/alerts', { key: EDITOR_KEY_A })).body as unknown[]).length;
    const notified = (n: number, what: string) => waitFor(() => hook.accepted().length >= n, { timeoutMillis: 20_000, what });
    const pause = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));
    const signal = (replica: string, name: NodeJS.Signals) => children.get(replica)?.kill(name);

    await post('r1', [alert('a', at(3_600_000)), alert('b', at(3_600_000))]);
    await Promise.all(['r1', 'r2', 'r3'].map((r) => waitFor(async () => (await active(r)) === 2, { timeoutMillis: 20_000, what: `2 alerts on ${r}` })));
    await notified(1, 'first notification');
    await pause(1_000); // logged; nothing is due now

    signal('r2', 'SIGSTOP'); // lags: reads and flushes nothing until SIGCONT
    signal('r3', 'SIGKILL'); // crashes; restarted below from its checkpoint and committed offsets
    await post('r1', [alert('c', at(3_600_000))]);
    await notified(2, 'second notification');
    await post('r1', [alert('a', at(0)), alert('b', at(0)), alert('c', at(0))]);
    await notified(3, 'resolved notification');

    // Both come back behind the log: firing copies of alerts it reported resolved, timers overdue.
    signal('r2', 'SIGCONT');
    await startReplica('r3');
    await Promise.all(['r2', 'r3'].map((r) => waitFor(async () => (await active(r)) === 0, { timeoutMillis: 30_000, what: `${r} caught up` })));
    await pause(4_000); // a group_interval and more: every replica flushed its caught-up view

    await post('r3', [alert('d', at(3_600_000))]);
    await notified(4, 'notification after the restart');
    await pause(7_000); // two more group_intervals: any duplicate would arrive now

    const sent = hook.accepted().map((r) => {
      const body = r.body as { status: string; alerts: { labels: Record<string, string>; status: string }[] };
      return `${body.status}:${body.alerts.map((a) => `${a.labels.instance}=${a.status}`).sort().join(',')}`;
    });
    expect(sent).toEqual([
      'firing:a=firing,b=firing',
      'firing:a=firing,b=firing,c=firing',
      'resolved:a=resolved,b=resolved,c=resolved',
      'firing:d=firing',
    ]);
  }, 150_000);
});
