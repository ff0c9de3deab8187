import type { PostableAlert } from '../alerts/alert';
import { loadAlertmanagerConfig } from '../config/load';
import { AlertmanagerEngine } from '../engine';
import { InMemoryNotificationClaims, notificationClaimId } from '../nflog/notification-claims';
import { InMemoryNotificationLog } from '../nflog/notification-log';
import { InMemorySilenceStore } from '../silences/silence-store';
import { RecordingNotifier } from './notifier';

const S = 1000;
const HOUR = 3_600 * S;
const RECEIVER = 'team/webhook/0';
const GROUP = '{}:{alertname="A"}';
const config = loadAlertmanagerConfig(`
route: {receiver: team, group_by: [alertname], group_wait: 30s, group_interval: 5m, repeat_interval: 1h}
receivers: [{name: team, webhook_configs: [{url: 'http://127.0.0.1:9/hook', send_resolved: true}]}]
`);

const firing = (i: string): PostableAlert => ({ labels: { alertname: 'A', i }, endsAtMillis: HOUR });
const resolvedAt = (i: string, atMillis: number): PostableAlert => ({ labels: { alertname: 'A', i }, startsAtMillis: 0, endsAtMillis: atMillis });

/** Replicas sharing one log and one set of claims, each with its own engine (its own view of the bus). */
function replicas(count: number) {
  const shared = { nflog: new InMemoryNotificationLog(), claims: new InMemoryNotificationClaims() };
  const notifier = new RecordingNotifier();
  const engines = Array.from({ length: count }, () => new AlertmanagerEngine(config, {
    notifiers: { slack: notifier, pagerduty: notifier, email: notifier, webhook: notifier },
    nflog: shared.nflog, claims: shared.claims, silenceStore: new InMemorySilenceStore(), newSilenceId: () => 's', sleep: async () => undefined,
  }, 0));
  /** What was sent, as `status:i=status,…` (the test's view of the receiver). */
  const sent = () => notifier.sent.map((n) => n.alerts.map((a) => `${a.labels.i}=${a.endsAtMillis !== null && a.endsAtMillis <= n.nowMillis ? 'resolved' : 'firing'}`).join(','));
  return { engines, notifier, sent, ...shared };
}

describe('once-only delivery across replicas', () => {
  it('three replicas flushing the same group at the same moment send one notification', async () => {
    const { engines, notifier } = replicas(3);
    for (const e of engines) e.postAlerts([firing('1')], 0);
    // Started concurrently: all three read the empty log before any of them records.
    await Promise.all(engines.map((e) => e.advance(30 * S)));
    expect(notifier.sent).toHaveLength(1);
  });

  it('replicas whose timers are out of phase still send each change once', async () => {
    const { engines, notifier } = replicas(3);
    engines.forEach((e, i) => e.postAlerts([firing('1')], i * S));
    for (let t = 0; t <= 400 * S; t += S) for (const e of engines) if (e.nextDueMillis() <= t) await e.advance(t);
    engines.forEach((e, i) => e.postAlerts([firing('2')], 400 * S + i * S));
    for (let t = 400 * S; t <= 700 * S; t += S) for (const e of engines) if (e.nextDueMillis() <= t) await e.advance(t);
    expect(notifier.sent.map((n) => n.alerts.length)).toEqual([1, 2]);
  });

  it('replicas whose views differ at the same log position send one notification for it, and the rest at the next flush', async () => {
    const { engines: [ahead, lagging], sent } = replicas(2);
    ahead.postAlerts([firing('1'), firing('2')], 0);
    lagging.postAlerts([firing('1')], 0); // alert 2 has not reached this replica yet
    await Promise.all([lagging.advance(30 * S), ahead.advance(30 * S)]); // the lagging one claims first
    expect(sent()).toEqual(['1=firing']);
    lagging.postAlerts([firing('2')], 31 * S);
    await Promise.all([lagging.advance(330 * S), ahead.advance(330 * S)]);
    await Promise.all([lagging.advance(630 * S), ahead.advance(630 * S)]);
    expect(sent()).toEqual(['1=firing', '1=firing,2=firing']);
  });

  it('a replica whose bus lags behind the log re-sends nothing: not a firing alert the log has seen resolve', async () => {
    const { engines: [ahead, lagging], sent } = replicas(2);
    for (const e of [ahead, lagging]) e.postAlerts([firing('1'), firing('2')], 0);
    await ahead.advance(30 * S);
    await lagging.advance(30 * S);
    ahead.postAlerts([resolvedAt('1', 100 * S), resolvedAt('2', 100 * S)], 100 * S); // the lagging replica has not read these
    await ahead.advance(330 * S);
    await lagging.advance(330 * S);
    await lagging.advance(630 * S);
    expect(sent()).toEqual(['1=firing,2=firing', '1=resolved,2=resolved']);

    lagging.postAlerts([resolvedAt('1', 100 * S), resolvedAt('2', 100 * S)], 700 * S); // caught up
    await lagging.advance(930 * S);
    ahead.postAlerts([firing('1')], 1_000 * S); // and a new episode is news again
    lagging.postAlerts([firing('1')], 1_000 * S);
    await Promise.all([lagging.advance(1_030 * S), ahead.advance(1_030 * S)]);
    expect(sent()).toEqual(['1=firing,2=firing', '1=resolved,2=resolved', '1=firing']);
  });

  it('a replica restarted from an old snapshot sends nothing the log already has', async () => {
    const { engines: [a, b], sent } = replicas(2);
    for (const e of [a, b]) e.postAlerts([firing('1')], 0);
    await a.advance(30 * S);
    await b.advance(30 * S);
    const old = b.snapshot();
    for (const e of [a, b]) e.postAlerts([resolvedAt('1', 100 * S)], 100 * S);
    await a.advance(330 * S);
    await b.advance(330 * S);
    b.restore(old); // crashed and came back with the state of before the resolve
    await b.advance(630 * S);
    expect(sent()).toEqual(['1=firing', '1=resolved']);
  });

  it('after a crash between sending and logging, the next flush logs the sent entry instead of sending again', async () => {
    const { engines: [engine], notifier, nflog, claims } = replicas(1);
    engine.postAlerts([firing('1')], 0);
    // The crash: another replica claimed the first position, delivered, marked it sent, never logged.
    const entry = {
      receiverKey: RECEIVER, groupKey: GROUP, firingAlerts: ['caaaffbd9ccf039f'], resolvedAlerts: [],
      timestampMillis: 29 * S, expiresAtMillis: HOUR, sequence: 1, alertVersions: { caaaffbd9ccf039f: 0 },
    };
    const id = notificationClaimId({ receiverKey: RECEIVER, groupKey: GROUP, previous: undefined });
    await claims.claim(id, entry, 60 * S, 29 * S);
    await claims.markSent(id, entry, HOUR, 29 * S);
    await engine.advance(30 * S);
    expect(notifier.sent).toHaveLength(0);
    expect(await nflog.query(RECEIVER, GROUP)).toEqual(entry);
  });

  it('a failed delivery releases its claim, so the next flush retries it', async () => {
    const { engines: [engine], notifier } = replicas(1);
    notifier.scripted.push(...Array.from({ length: 6 }, () => ({ ok: false as const, retry: true, reason: 'HTTP 503' })));
    engine.postAlerts([firing('1')], 0);
    const [failed] = await engine.advance(30 * S);
    expect(failed.ok).toBe(false);
    await engine.advance(330 * S);
    expect(notifier.sent).toHaveLength(1);
  });

  it('the log only moves forward: a late writer of an older position changes nothing', async () => {
    const nflog = new InMemoryNotificationLog();
    const at = (sequence: number) => ({ receiverKey: RECEIVER, groupKey: GROUP, firingAlerts: [], resolvedAlerts: [], timestampMillis: sequence, expiresAtMillis: HOUR, sequence, alertVersions: {} });
    expect(await nflog.log(at(2))).toBe(true);
    expect(await nflog.log(at(1))).toBe(false);
    expect(await nflog.log(at(2))).toBe(false);
    expect((await nflog.query(RECEIVER, GROUP))?.sequence).toBe(2);
  });
});
