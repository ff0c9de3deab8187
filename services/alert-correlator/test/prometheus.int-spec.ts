import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineSuite, freePort, waitFor } from '@vigil/testing';
import { EDITOR_KEY_A, startCorrelator, type Harness } from './correlator-harness';
import { HttpReceiver } from './local-receivers';

// Debian's Prometheus with a rule that fires, sending to Vigil as its Alertmanager (API v2,
// bearer key): the notification reaches a local webhook through Vigil's routing; then the rule
// is changed to never fire (SIGHUP reload) and the resolution arrives. Wall clock on both sides.
const rules = (expr: string) => `
groups:
  - name: vigil-test
    interval: 1s
    rules:
      - alert: CheckoutErrors
        expr: ${expr}
        labels: { severity: page, service: checkout }
        annotations: { summary: 'checkout is failing' }
`;

engineSuite('Debian prometheus sends its alerts to Vigil as to an Alertmanager', ['prometheus'], ({ prometheus }) => {
  const hook = new HttpReceiver();
  let h: Harness;
  let prom: ChildProcess | undefined;
  let promOutput = '';

  beforeAll(async () => {
    await hook.start();
    h = await startCorrelator({
      yaml: `
route:
  receiver: hook
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs: [{ url: '${hook.url}/prometheus', send_resolved: true }]
`,
    });
  }, 30_000);
  afterAll(async () => {
    if (prom && prom.exitCode === null) {
      const exited = new Promise((resolve) => prom?.once('exit', resolve));
      prom.kill('SIGTERM');
      await exited;
    }
    await h?.stop();
    await hook.stop();
  }, 30_000);

  it('routes the firing alert to the webhook and then its resolution', async () => {
    writeFileSync(join(h.dir, 'rules.yml'), rules('vector(1)'));
    writeFileSync(join(h.dir, 'prometheus.yml'), `
global: { scrape_interval: 1s, evaluation_interval: 1s }
rule_files: [rules.yml]
alerting:
  alertmanagers:
    - api_version: v2
      authorization: { credentials: ${EDITOR_KEY_A} }
      static_configs: [{ targets: ['${new URL(h.url).host}'] }]
`);
    const port = await freePort();
    prom = spawn(prometheus, [`--config.file=${join(h.dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(h.dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`,
      // The first evaluation can come before the Alertmanager list is discovered (that batch is
      // dropped); re-sending every second, as Prometheus does every minute, makes up for it.
      '--rules.alert.resend-delay=1s'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    prom.stderr?.on('data', (c: Buffer) => (promOutput = (promOutput + c.toString()).slice(-4000)));

    const firing = await waitFor(() => hook.accepted('/prometheus').find((r) => (r.body as { status: string }).status === 'firing'), {
      timeoutMillis: 40_000, what: 'firing notification',
    }).catch((error: Error) => {
      throw new Error(`${error.message}; prometheus said: ${promOutput.slice(-1500)}`);
    });
    const body = firing.body as { receiver: string; alerts: { labels: Record<string, string>; annotations: Record<string, string>; generatorURL: string }[] };
    expect(body.receiver).toBe('hook');
    expect(body.alerts[0].labels).toMatchObject({ alertname: 'CheckoutErrors', service: 'checkout', severity: 'page' });
    expect(body.alerts[0].annotations.summary).toBe('checkout is failing');
    expect(body.alerts[0].generatorURL).toContain('/graph?');

    writeFileSync(join(h.dir, 'rules.yml'), rules('vector(1) < 0'));
    prom.kill('SIGHUP');
    const resolved = await waitFor(() => hook.accepted('/prometheus').find((r) => (r.body as { status: string }).status === 'resolved'), {
      timeoutMillis: 30_000, what: 'resolved notification',
    });
    expect((resolved.body as { alerts: { status: string }[] }).alerts.map((a) => a.status)).toEqual(['resolved']);
    expect(hook.accepted('/prometheus').filter((r) => (r.body as { status: string }).status === 'firing')).toHaveLength(1);
  }, 90_000);
});
