import { writeFileSync } from 'node:fs';
import { ManualClock } from '@vigil/runtime';
import { waitFor } from '@vigil/testing';
import { EDITOR_KEY_A, api, startCorrelator, type Harness } from './correlator-harness';
import { HttpReceiver } from './local-receivers';

// Hot reload of the Alertmanager YAML (real runner, embedded, simulated clock): a reload keeps
// alerts and the notification log, so receivers hear nothing twice; a broken file is refused
// with its problems and the running config stays.
const yaml = (http: string, extra = '') => `
route:
  receiver: hook
  group_by: [alertname]
  group_wait: 1s
  group_interval: 10s
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs: [{ url: '${http}/hook' }]
${extra}`;

describe('hot reload of the Alertmanager config (embedded runner, simulated clock)', () => {
  const clock = new ManualClock(Date.UTC(2026, 10, 4, 10));
  const http = new HttpReceiver();
  let h: Harness;

  beforeAll(async () => {
    await http.start();
    h = await startCorrelator({ yaml: yaml(http.url), clock, correlator: { reloadIntervalMillis: 100 } });
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await http.stop();
  });

  const status = async () => (await api(h.url, '/api/v2/status', { key: EDITOR_KEY_A })).body as { config: { original: string } };

  it('reloads on POST /-/reload and on file change without notifying again, and refuses a broken file', async () => {
    await api(h.url, '/api/v2/alerts', {
      method: 'POST', key: EDITOR_KEY_A,
      body: [{ labels: { alertname: 'Saturated', service: 'queue' }, startsAt: new Date(clock.now()).toISOString(), endsAt: new Date(clock.now() + 7_200_000).toISOString() }],
    });
    await waitFor(async () => ((await api(h.url, '/api/v2/alerts', { key: EDITOR_KEY_A })).body as unknown[]).length === 1);
    clock.advance(1_000);
    await waitFor(() => http.accepted('/hook').length === 1, { what: 'first notification' });

    writeFileSync(h.configFile, yaml(http.url, '  - name: spare\n'));
    expect((await api(h.url, '/-/reload', { method: 'POST', key: EDITOR_KEY_A })).status).toBe(200);
    expect((await status()).config.original).toContain('spare');
    clock.advance(10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(http.accepted('/hook')).toHaveLength(1);

    writeFileSync(h.configFile, 'route:\n  receiver: missing\nreceivers: []\n');
    const refused = await api(h.url, '/-/reload', { method: 'POST', key: EDITOR_KEY_A });
    expect(refused.status).toBe(500);
    expect(String(refused.body)).toMatch(/missing/);
    expect((await status()).config.original).toContain('spare');

    writeFileSync(h.configFile, yaml(http.url, '  - name: polled\n'));
    await waitFor(async () => (await status()).config.original.includes('polled'), { what: 'file change picked up by polling' });
    clock.advance(10_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(http.accepted('/hook')).toHaveLength(1);
  });
});
