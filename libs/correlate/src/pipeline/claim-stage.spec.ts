import { loadAlertmanagerConfig } from '../config/load';
import { AlertmanagerEngine } from '../engine';
import { InMemoryNotificationClaims, notificationId } from '../nflog/notification-claims';
import { InMemoryNotificationLog } from '../nflog/notification-log';
import { InMemorySilenceStore } from '../silences/silence-store';
import { RecordingNotifier } from './notifier';

const S = 1000;
const HOUR = 3_600 * S;
const config = loadAlertmanagerConfig(`
route: {receiver: team, group_by: [alertname], group_wait: 30s, group_interval: 5m, repeat_interval: 1h}
receivers: [{name: team, webhook_configs: [{url: 'http://127.0.0.1:9/hook'}]}]
`);

function replicas(count: number) {
  const shared = { nflog: new InMemoryNotificationLog(), claims: new InMemoryNotificationClaims() };
  const notifier = new RecordingNotifier();
  const engines = Array.from({ length: count }, () => new AlertmanagerEngine(config, {
    notifiers: { slack: notifier, pagerduty: notifier, email: notifier, webhook: notifier },
    nflog: shared.nflog, claims: shared.claims, silenceStore: new InMemorySilenceStore(), newSilenceId: () => 's', sleep: async () => undefined,
  }, 0));
  return { engines, notifier, ...shared };
}

describe('once-only delivery across replicas', () => {
  it('three replicas flushing the same group at the same moment send one notification', async () => {
    const { engines, notifier } = replicas(3);
    for (const e of engines) e.postAlerts([{ labels: { alertname: 'A', i: '1' }, endsAtMillis: HOUR }], 0);
    // Started concurrently: all three read the empty log before any of them records.
    await Promise.all(engines.map((e) => e.advance(30 * S)));
    expect(notifier.sent).toHaveLength(1);
  });

  it('replicas whose timers are out of phase still send each change once', async () => {
    const { engines, notifier } = replicas(3);
    engines.forEach((e, i) => e.postAlerts([{ labels: { alertname: 'A', i: '1' }, endsAtMillis: HOUR }], i * S));
    for (let t = 0; t <= 400 * S; t += S) for (const e of engines) if (e.nextDueMillis() <= t) await e.advance(t);
    engines.forEach((e, i) => e.postAlerts([{ labels: { alertname: 'A', i: '2' }, endsAtMillis: HOUR }], 400 * S + i * S));
    for (let t = 400 * S; t <= 700 * S; t += S) for (const e of engines) if (e.nextDueMillis() <= t) await e.advance(t);
    expect(notifier.sent.map((n) => n.alerts.length)).toEqual([1, 2]);
  });

  it('after a crash between sending and logging, the next flush logs instead of sending again', async () => {
    const { engines, notifier, nflog, claims } = replicas(1);
    const [engine] = engines;
    engine.postAlerts([{ labels: { alertname: 'A', i: '1' }, endsAtMillis: HOUR }], 0);
    // Simulate the crash: the claim was marked sent, the log write never happened.
    const id = notificationId({ receiverKey: 'team/webhook/0', groupKey: '{}:{alertname="A"}', firing: ['caaaffbd9ccf039f'], resolved: [], previousEntryMillis: undefined });
    await claims.claim(id, 60 * S, 0);
    await claims.markSent(id, HOUR, 0);
    await engine.advance(30 * S);
    expect(notifier.sent).toHaveLength(0);
    expect((await nflog.query('team/webhook/0', '{}:{alertname="A"}'))?.firingAlerts).toEqual(['caaaffbd9ccf039f']);
  });
});
