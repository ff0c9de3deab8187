import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ManualClock } from '@vigil/runtime';
import { engineSuite, waitFor } from '@vigil/testing';
import {
  alertGroupsSchema,
  alertmanagerStatusSchema,
  gettableAlertsSchema,
  gettableSilenceSchema,
  gettableSilencesSchema,
  postSilenceResponseSchema,
  receiversSchema,
} from '../src/api/am-schemas';
import { EDITOR_KEY_A, EDITOR_KEY_B, VIEWER_KEY_A, api, startCorrelator, type Harness } from './correlator-harness';
import { HttpReceiver } from './local-receivers';

const run = promisify(execFile);
const YAML = (hook: string) => `
route:
  receiver: team-webhook
  group_by: [alertname]
  group_wait: 1s
  group_interval: 5s
  repeat_interval: 1h
  routes:
    - receiver: db-webhook
      matchers: ['service="db"']
inhibit_rules:
  - source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: [alertname]
receivers:
  - name: team-webhook
    webhook_configs: [{ url: '${hook}/team', send_resolved: true }]
  - name: db-webhook
    webhook_configs: [{ url: '${hook}/db' }]
`;

engineSuite('Alertmanager API v2 (embedded runner, real amtool)', ['amtool'], ({ amtool }) => {
  const clock = new ManualClock(Date.now());
  const hook = new HttpReceiver();
  let h: Harness;
  let amtoolConfig: string;
  const amtoolRun = async (...args: string[]) =>
    (await run(amtool, [`--alertmanager.url=${h.url}`, `--http.config.file=${amtoolConfig}`, ...args], { timeout: 15_000 })).stdout;
  /** The simulated clock catches up with the wall clock amtool uses (never goes back). */
  const syncClock = () => clock.set(Math.max(clock.now(), Date.now()));
  const iso = (offsetMillis: number) => new Date(clock.now() + offsetMillis).toISOString();

  beforeAll(async () => {
    await hook.start();
    h = await startCorrelator({ yaml: YAML(hook.url), clock });
    amtoolConfig = join(h.dir, 'amtool-http.yml');
    writeFileSync(amtoolConfig, `authorization:\n  credentials: ${EDITOR_KEY_A}\n`);
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    await hook.stop();
  });

  it('accepts posted alerts through the bus and lists them, their groups, status and receivers in the OpenAPI shapes', async () => {
    const posted = await api(h.url, '/api/v2/alerts', {
      method: 'POST', key: EDITOR_KEY_A,
      body: [
        { labels: { alertname: 'HighLatency', service: 'api', severity: 'warning' }, annotations: { summary: 'p99 up' }, startsAt: iso(-60_000), generatorURL: 'http://prom/graph' },
        { labels: { alertname: 'DiskFull', service: 'db', severity: 'critical' }, startsAt: iso(-30_000), endsAt: iso(300_000) },
      ],
    });
    expect(posted.status).toBe(200);
    const alerts = await waitFor(async () => {
      const res = await api(h.url, '/api/v2/alerts', { key: VIEWER_KEY_A });
      return (res.body as unknown[]).length === 2 && res;
    });
    const parsed = gettableAlertsSchema.parse(alerts.body);
    const latency = parsed.find((a) => a.labels.alertname === 'HighLatency');
    expect(latency).toMatchObject({ annotations: { summary: 'p99 up' }, receivers: [{ name: 'team-webhook' }], generatorURL: 'http://prom/graph' });
    expect(parsed.find((a) => a.labels.alertname === 'DiskFull')?.receivers).toEqual([{ name: 'db-webhook' }]);

    const filtered = await api(h.url, `/api/v2/alerts?filter=${encodeURIComponent('service="db"')}&receiver=db-.*`, { key: VIEWER_KEY_A });
    expect(gettableAlertsSchema.parse(filtered.body).map((a) => a.labels.alertname)).toEqual(['DiskFull']);

    clock.advance(1_500); // group_wait over: the groups flush and the alerts are processed
    await waitFor(() => hook.accepted().length >= 2, { what: 'both webhooks' });
    const groups = alertGroupsSchema.parse((await api(h.url, '/api/v2/alerts/groups', { key: VIEWER_KEY_A })).body);
    expect(groups.map((g) => [g.receiver.name, g.labels.alertname]).sort()).toEqual([['db-webhook', 'DiskFull'], ['team-webhook', 'HighLatency']]);

    const status = alertmanagerStatusSchema.parse((await api(h.url, '/api/v2/status', { key: VIEWER_KEY_A })).body);
    expect(status.config.original).toContain('team-webhook');
    expect(status.cluster.peers?.map((p) => p.name)).toContain('test');
    expect(receiversSchema.parse((await api(h.url, '/api/v2/receivers', { key: VIEWER_KEY_A })).body).map((r) => r.name)).toEqual(['team-webhook', 'db-webhook']);
  });

  it('creates, reads, lists and expires silences, and a silenced alert shows as suppressed', async () => {
    const created = await api(h.url, '/api/v2/silences', {
      method: 'POST', key: EDITOR_KEY_A,
      body: { matchers: [{ name: 'alertname', value: 'High.*', isRegex: true, isEqual: true }], startsAt: iso(0), endsAt: iso(3_600_000), createdBy: 'jest', comment: 'maintenance' },
    });
    expect(created.status).toBe(200);
    const { silenceID } = postSilenceResponseSchema.parse(created.body);
    const one = gettableSilenceSchema.parse((await api(h.url, `/api/v2/silence/${silenceID}`, { key: VIEWER_KEY_A })).body);
    expect(one).toMatchObject({ id: silenceID, status: { state: 'active' }, createdBy: 'jest' });
    const alerts = gettableAlertsSchema.parse((await api(h.url, '/api/v2/alerts?silenced=false', { key: VIEWER_KEY_A })).body);
    expect(alerts.map((a) => a.labels.alertname)).toEqual(['DiskFull']);
    const all = gettableAlertsSchema.parse((await api(h.url, '/api/v2/alerts', { key: VIEWER_KEY_A })).body);
    expect(all.find((a) => a.labels.alertname === 'HighLatency')?.status).toEqual({ state: 'suppressed', silencedBy: [silenceID], inhibitedBy: [] });

    expect((await api(h.url, `/api/v2/silence/${silenceID}`, { method: 'DELETE', key: EDITOR_KEY_A })).status).toBe(200);
    clock.advance(1);
    const listed = gettableSilencesSchema.parse((await api(h.url, '/api/v2/silences', { key: VIEWER_KEY_A })).body);
    expect(listed.find((s) => s.id === silenceID)?.status.state).toBe('expired');
    expect((await api(h.url, '/api/v2/silence/00000000-0000-0000-0000-000000000000', { key: VIEWER_KEY_A })).status).toBe(404);
  });

  it('answers 400 with a reason for bad input, as Alertmanager does', async () => {
    const bad = async (path: string, raw: string) => api(h.url, path, { method: 'POST', key: EDITOR_KEY_A, raw });
    const cases: [string, string, RegExp][] = [
      ['/api/v2/alerts', '{not json', /not valid JSON/],
      ['/api/v2/alerts', JSON.stringify([{ annotations: { a: 'b' } }]), /labels/],
      ['/api/v2/alerts', JSON.stringify([{ labels: {} }]), /at least one label pair required/],
      ['/api/v2/alerts', JSON.stringify([{ labels: { a: 'b' }, startsAt: iso(0), endsAt: iso(-60_000) }]), /start time must be before end time/],
      ['/api/v2/silences', JSON.stringify({ matchers: [], startsAt: iso(0), endsAt: iso(60_000), createdBy: 'x', comment: 'y' }), /at least one matcher required/],
      ['/api/v2/silences', JSON.stringify({ matchers: [{ name: 'a', value: '(', isRegex: true }], startsAt: iso(0), endsAt: iso(60_000), createdBy: 'x', comment: 'y' }), /regex|parse|missing/i],
    ];
    for (const [path, raw, reason] of cases) {
      const res = await bad(path, raw);
      expect({ path, raw, status: res.status }).toEqual({ path, raw, status: 400 });
      expect(String(res.body)).toMatch(reason);
    }
    expect((await api(h.url, '/api/v2/alerts?filter=%7Bbad', { key: VIEWER_KEY_A })).status).toBe(400);
  });

  it('lets a key see and silence only its own tenant, and refuses writes with a viewer key or no key', async () => {
    expect((await api(h.url, '/api/v2/alerts', { key: EDITOR_KEY_B })).body).toEqual([]);
    expect((await api(h.url, '/api/v2/silences', { key: EDITOR_KEY_B })).body).toEqual([]);
    const other = await api(h.url, '/api/v2/silences', {
      method: 'POST', key: EDITOR_KEY_B,
      body: { matchers: [{ name: 'alertname', value: 'DiskFull', isRegex: false }], startsAt: iso(0), endsAt: iso(60_000), createdBy: 'b', comment: 'not yours' },
    });
    expect(other.status).toBe(200);
    const aAlerts = gettableAlertsSchema.parse((await api(h.url, '/api/v2/alerts', { key: VIEWER_KEY_A })).body);
    expect(aAlerts.find((a) => a.labels.alertname === 'DiskFull')?.status.silencedBy).toEqual([]);
    expect((await api(h.url, '/api/v2/alerts', { method: 'POST', key: VIEWER_KEY_A, body: [{ labels: { a: 'b' } }] })).status).toBe(403);
    expect((await api(h.url, '/api/v2/alerts')).status).toBe(401);
    expect((await api(h.url, '/api/v2/alerts', { key: 'not-a-key-at-all-xxxx' })).status).toBe(401);
    const basic = await fetch(`${h.url}/api/v2/alerts`, { headers: { authorization: `Basic ${Buffer.from(`prometheus:${VIEWER_KEY_A}`).toString('base64')}` } });
    expect(basic.status).toBe(200);
  });

  it('works with Debian amtool: alert add/query, silence add/query/expire, config show', async () => {
    syncClock();
    await amtoolRun('alert', 'add', 'AmtoolAlert', 'service=cli', 'severity=info', '--annotation=summary=from amtool');
    const query = await waitFor(async () => {
      const out = await amtoolRun('alert', 'query', 'alertname=AmtoolAlert');
      return out.includes('AmtoolAlert') && out;
    });
    expect(query).toContain('from amtool');
    const json = JSON.parse(await amtoolRun('-o', 'json', 'alert', 'query')) as { labels: Record<string, string> }[];
    expect(json.map((a) => a.labels.alertname)).toEqual(expect.arrayContaining(['AmtoolAlert', 'DiskFull', 'HighLatency']));

    const id = (await amtoolRun('silence', 'add', 'alertname=AmtoolAlert', '--comment=cli test', '--author=jest', '--duration=1h')).trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    syncClock(); // amtool stamps the silence's start with its wall clock
    const silences = await amtoolRun('silence', 'query');
    expect(silences).toContain(id);
    expect(silences).toContain('cli test');
    expect(await amtoolRun('alert', 'query', '--silenced', 'alertname=AmtoolAlert')).toContain('AmtoolAlert');
    syncClock(); // amtool hides silences that ended before its wall clock
    await amtoolRun('silence', 'expire', id);
    // Expiring sets endsAt to the server's now, and a silence is expired once now passes endsAt.
    // The server runs on this test's simulated clock, which earlier steps moved ahead of the wall
    // clock amtool filters by, so the state is read from the API rather than from amtool's table.
    clock.advance(1_000);
    const expired = await fetch(`${h.url}/api/v2/silence/${id}`, { headers: { authorization: `Basic ${Buffer.from(`prometheus:${VIEWER_KEY_A}`).toString('base64')}` } });
    expect(((await expired.json()) as { status: { state: string } }).status.state).toBe('expired');
    // amtool lists it as expired once its wall clock passes the silence's end (a second or so).
    await waitFor(async () => (await amtoolRun('silence', 'query', '--expired')).includes(id), { timeoutMillis: 15_000, what: 'amtool to list the silence as expired' });
    expect(await amtoolRun('silence', 'query')).not.toContain(id);

    const config = await amtoolRun('config', 'show');
    expect(config).toContain('team-webhook');
    expect(config).toContain('group_by');
  }, 60_000);
});
