import { loadAlertmanagerConfig } from './config/load';
import { AlertmanagerEngine } from './engine';
import { InMemoryNotificationLog } from './nflog/notification-log';
import { RecordingNotifier } from './pipeline/notifier';
import { InMemorySilenceStore } from './silences/silence-store';
import { alertFingerprint, isResolvedAt } from './alerts/alert';

const S = 1000;
/** Alerts posted without an end resolve after resolve_timeout (5 m); these keep firing. */
const HOUR = 3_600 * S;
const CONFIG = `
route:
  receiver: team
  group_by: [alertname]
  group_wait: 30s
  group_interval: 5m
  repeat_interval: 12m
  routes:
    - matchers: ['channel="slack"']
      receiver: chat
receivers:
  - name: team
    webhook_configs: [{url: 'http://127.0.0.1:9/hook'}]
  - name: chat
    slack_configs: [{api_url: 'http://127.0.0.1:9/slack'}]
`;

function setup(config = CONFIG) {
  const notifier = new RecordingNotifier();
  const nflog = new InMemoryNotificationLog();
  const sleeps: number[] = [];
  const deps = {
    notifiers: { slack: notifier, pagerduty: notifier, email: notifier, webhook: notifier },
    nflog, silenceStore: new InMemorySilenceStore(), newSilenceId: () => 'sil', sleep: async (ms: number) => void sleeps.push(ms),
  };
  const engine = new AlertmanagerEngine(loadAlertmanagerConfig(config), deps, 0);
  /** Runs every due flush up to `untilMillis`, like the service's timer would. */
  const runUntil = async (untilMillis: number) => {
    for (let due = engine.nextDueMillis(); due <= untilMillis; due = engine.nextDueMillis()) await engine.advance(due);
  };
  const sent = () => notifier.sent.map((n) => ({ at: n.nowMillis / S, receiver: n.receiver, alerts: n.alerts.map((a) => `${a.labels.i}:${isResolvedAt(a, n.nowMillis) ? 'resolved' : 'firing'}`) }));
  return { engine, notifier, nflog, sleeps, deps, runUntil, sent };
}

describe('aggregation-group timing', () => {
  it('waits group_wait, then batches newcomers every group_interval', async () => {
    const { engine, runUntil, sent } = setup();
    engine.postAlerts([{ labels: { alertname: 'A', i: '1' }, endsAtMillis: HOUR }], 0);
    engine.postAlerts([{ labels: { alertname: 'A', i: '2' }, endsAtMillis: HOUR }], 10 * S);
    await runUntil(29 * S);
    expect(sent()).toEqual([]);
    await runUntil(30 * S);
    expect(sent()).toEqual([{ at: 30, receiver: 'team', alerts: ['1:firing', '2:firing'] }]);
    engine.postAlerts([{ labels: { alertname: 'A', i: '3' }, endsAtMillis: HOUR }], 40 * S);
    await runUntil(329 * S);
    expect(sent()).toHaveLength(1);
    await runUntil(330 * S);
    expect(sent()[1]).toEqual({ at: 330, receiver: 'team', alerts: ['1:firing', '2:firing', '3:firing'] });
  });

  it('flushes at once an alert that started longer than group_wait ago', async () => {
    const { engine, runUntil, sent } = setup();
    engine.postAlerts([{ labels: { alertname: 'Old', i: '1' }, startsAtMillis: 0 }], 100 * S);
    await runUntil(100 * S);
    expect(sent()).toEqual([{ at: 100, receiver: 'team', alerts: ['1:firing'] }]);
  });

  it('repeats at the first group_interval tick past repeat_interval (12m is not a multiple of 5m)', async () => {
    const { engine, runUntil, sent } = setup();
    engine.postAlerts([{ labels: { alertname: 'A', i: '1' }, endsAtMillis: 3_600 * S }], 0);
    await runUntil(1_000 * S);
    // 30 s, then 30 + 15 min (the first flush more than 12 min later), then +15 min again.
    expect(sent().map((n) => n.at)).toEqual([30, 930]);
  });
});

describe('resolve notifications', () => {
  it('sends resolved alerts with send_resolved and then forgets them', async () => {
    const { engine, runUntil, sent } = setup();
    engine.postAlerts([{ labels: { alertname: 'A', i: '1' }, endsAtMillis: HOUR }, { labels: { alertname: 'A', i: '2' }, endsAtMillis: HOUR }], 0);
    await runUntil(30 * S);
    engine.postAlerts([{ labels: { alertname: 'A', i: '1' }, startsAtMillis: 0, endsAtMillis: 60 * S }], 60 * S);
    await runUntil(630 * S);
    expect(sent().map((n) => n.alerts)).toEqual([['1:firing', '2:firing'], ['1:resolved', '2:firing']]);
    expect(engine.listGroups()[0].alerts.map((a) => a.labels.i)).toEqual(['2']);
  });

  it('leaves resolved alerts out without send_resolved, but still clears when all resolved', async () => {
    const { engine, runUntil, notifier, nflog } = setup();
    const labels = (i: string) => ({ alertname: 'Chat', channel: 'slack', i });
    engine.postAlerts([{ labels: labels('1'), endsAtMillis: HOUR }, { labels: labels('2'), endsAtMillis: HOUR }], 0);
    await runUntil(30 * S);
    engine.postAlerts([{ labels: labels('1'), startsAtMillis: 0, endsAtMillis: 40 * S }], 40 * S);
    engine.postAlerts([{ labels: labels('3'), endsAtMillis: HOUR }], 40 * S);
    await runUntil(330 * S);
    expect(notifier.sent[1].alerts.map((a) => a.labels.i)).toEqual(['2', '3']);
    engine.postAlerts([{ labels: labels('2'), startsAtMillis: 0, endsAtMillis: 400 * S }, { labels: labels('3'), startsAtMillis: 40 * S, endsAtMillis: 400 * S }], 400 * S);
    await runUntil(630 * S);
    // Nothing firing: not delivered to Slack, but logged so the receiver counts as cleared.
    expect(notifier.sent).toHaveLength(2);
    const entry = await nflog.query('chat/slack/0', '{}/{channel="slack"}:{alertname="Chat"}');
    expect(entry?.firingAlerts).toEqual([]);
    expect(entry?.resolvedAlerts).toHaveLength(2);
  });
});

describe('delivery retries', () => {
  it('backs off on retryable failures and records once delivered', async () => {
    const { engine, runUntil, notifier, sleeps, nflog } = setup();
    notifier.scripted.push({ ok: false, retry: true, reason: '503' }, { ok: false, retry: true, reason: '429' });
    engine.postAlerts([{ labels: { alertname: 'A', i: '1' }, endsAtMillis: HOUR }], 0);
    await runUntil(30 * S);
    expect(sleeps).toEqual([500, 1000]);
    expect(notifier.sent).toHaveLength(1);
    expect(await nflog.query('team/webhook/0', '{}:{alertname="A"}')).toBeDefined();
  });

  it('dead-letters a non-retryable failure, logs nothing, and tries again next interval', async () => {
    const { engine, notifier, nflog } = setup();
    notifier.scripted.push({ ok: false, retry: false, reason: '400 bad request' });
    engine.postAlerts([{ labels: { alertname: 'A', i: '1' }, endsAtMillis: HOUR }], 0);
    const [report] = await engine.advance(30 * S);
    expect(report.ok).toBe(false);
    expect(report.events).toEqual([expect.objectContaining({ type: 'dead-letter', attempts: 1, receiverKey: 'team/webhook/0' })]);
    expect(await nflog.query('team/webhook/0', '{}:{alertname="A"}')).toBeUndefined();
    await engine.advance(330 * S);
    expect(notifier.sent).toHaveLength(1);
  });
});

describe('state', () => {
  it('hot reload keeps alerts and does not re-notify', async () => {
    const { engine, runUntil, notifier } = setup();
    engine.postAlerts([{ labels: { alertname: 'A', i: '1' }, endsAtMillis: HOUR }], 0);
    await runUntil(30 * S);
    engine.reload(loadAlertmanagerConfig(CONFIG.replace('repeat_interval: 12m', 'repeat_interval: 13m')), 60 * S);
    await runUntil(600 * S);
    expect(notifier.sent).toHaveLength(1);
    expect(engine.listAlerts(600 * S).map((a) => a.alert.labels.i)).toEqual(['1']);
  });

  it('restores from a JSON snapshot without losing alerts or re-notifying', async () => {
    const first = setup();
    first.engine.postAlerts([{ labels: { alertname: 'A', i: '1' }, endsAtMillis: HOUR }], 0);
    await first.runUntil(30 * S);
    const snapshot = JSON.parse(JSON.stringify(first.engine.snapshot()));
    const second = setup();
    const engine = new AlertmanagerEngine(loadAlertmanagerConfig(CONFIG), { ...second.deps, nflog: first.nflog }, 0);
    engine.restore(snapshot);
    engine.postAlerts([{ labels: { alertname: 'A', i: '2' }, endsAtMillis: HOUR }], 100 * S);
    for (let due = engine.nextDueMillis(); due <= 400 * S; due = engine.nextDueMillis()) await engine.advance(due);
    expect(second.notifier.sent.map((n) => [n.nowMillis / S, n.alerts.map((a) => a.labels.i)])).toEqual([[330, ['1', '2']]]);
  });

  it('merges a re-sent alert, keeping its first start', () => {
    const { engine } = setup();
    engine.postAlerts([{ labels: { alertname: 'A', i: '1' }, startsAtMillis: 0 }], 0);
    const [stored] = engine.postAlerts([{ labels: { alertname: 'A', i: '1' }, startsAtMillis: 50 * S }], 60 * S).accepted;
    expect(stored.startsAtMillis).toBe(0);
    expect(stored.endsAtMillis).toBe(60 * S + 300 * S);
  });

  it('drops labels with empty values before fingerprinting, as API v2 does (regression: differential group-by-missing-label)', () => {
    const { engine } = setup();
    const [stored] = engine.postAlerts([{ labels: { alertname: 'Disk', cluster: '', i: '3' } }], 0).accepted;
    expect(stored.labels).toEqual({ alertname: 'Disk', i: '3' });
    expect(alertFingerprint(stored)).toBe('7f1730e3e762bcf5');
    expect(engine.listGroups().map((g) => g.groupKey)).toEqual(['{}:{alertname="Disk"}']);
  });

  it('rejects invalid posted alerts but keeps the valid ones', () => {
    const { engine } = setup();
    const result = engine.postAlerts([{ labels: {} }, { labels: { alertname: 'A' }, startsAtMillis: 10, endsAtMillis: 5 }, { labels: { alertname: 'B' } }], 0);
    expect(result.rejected.map((r) => r.reason)).toEqual(['at least one label pair required', 'start time must be before end time']);
    expect(result.accepted.map(alertFingerprint)).toHaveLength(1);
  });

  it('reports silenced alerts as suppressed with the silence id', async () => {
    const { engine } = setup();
    const id = await engine.silences.set({ matchers: [{ type: '=', name: 'alertname', value: 'A' }], startsAtMillis: 0, endsAtMillis: 3_600 * S, createdBy: 'me', comment: '' }, 0);
    engine.postAlerts([{ labels: { alertname: 'A', i: '1' }, endsAtMillis: HOUR }], 0);
    await engine.advance(30 * S);
    expect(engine.listAlerts(30 * S)[0]).toMatchObject({ state: 'suppressed', silencedBy: [id], receivers: ['team'] });
  });
});
