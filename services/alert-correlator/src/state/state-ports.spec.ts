import type { NotificationLogEntry } from '@vigil/correlate';
import { MemoryState, textValue } from '@vigil/state';
import { StateNotificationClaims, StateNotificationLog, StateSilenceStore, TenantKeys } from './state-ports';

describe('notification state on the state port', () => {
  let now = 1_000_000;
  const clock = { now: () => now };
  const open = () => MemoryState.open({ nowMillis: clock.now });
  const entry = (sequence: number, firing = ['f1']): NotificationLogEntry => ({
    receiverKey: 'hook/webhook/0', groupKey: '{}:{alertname="X/Y"}', firingAlerts: firing, resolvedAlerts: [],
    timestampMillis: now, expiresAtMillis: now + 60_000, sequence, alertVersions: Object.fromEntries(firing.map((f) => [f, now])),
  });

  it('gives exactly one of several replicas the claim, then tells the others it is in flight, then sent with the entry to log', async () => {
    const state = await open();
    const keys = new TenantKeys('ac', 't1');
    const replicas = [1, 2, 3].map(() => new StateNotificationClaims(state, keys));
    const mine = entry(1);
    const outcomes = await Promise.all(replicas.map((r, i) => r.claim('n1', i === 0 ? mine : entry(1, ['other']), 60_000)));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(['claimed', 'in-flight', 'in-flight']);
    const winner = replicas[outcomes.findIndex((o) => o.outcome === 'claimed')];
    const winnerEntry = outcomes[0].outcome === 'claimed' ? mine : entry(1, ['other']);
    await winner.markSent('n1', winnerEntry, 3_600_000);
    expect(await replicas[1].claim('n1', entry(1, ['third']), 60_000)).toEqual({ outcome: 'sent', entry: winnerEntry });
  });

  it('lets a claim of a replica that died expire, so another can deliver', async () => {
    const state = await open();
    const claims = new StateNotificationClaims(state, new TenantKeys('ac', 't1'));
    expect((await claims.claim('n2', entry(1), 1_000)).outcome).toBe('claimed');
    now += 1_001;
    expect((await claims.claim('n2', entry(1), 1_000)).outcome).toBe('claimed');
  });

  it('frees a released claim for the next flush, and a release never frees another replica\'s claim', async () => {
    const state = await open();
    const claims = new StateNotificationClaims(state, new TenantKeys('ac', 't1'));
    const first = entry(1);
    expect((await claims.claim('n3', first, 60_000)).outcome).toBe('claimed');
    await claims.release('n3', first);
    const second = entry(1, ['f2']);
    expect((await claims.claim('n3', second, 60_000)).outcome).toBe('claimed');
    await claims.release('n3', first); // a stale release of the first claim
    expect((await claims.claim('n3', entry(1, ['f3']), 60_000)).outcome).toBe('in-flight');
  });

  it('treats a claim value written by an older version as in flight', async () => {
    const state = await open();
    const keys = new TenantKeys('ac', 't1');
    await state.set(keys.key('claim', 'n4'), textValue('sent'), { ttlMillis: 60_000 });
    expect((await new StateNotificationClaims(state, keys).claim('n4', entry(1), 60_000)).outcome).toBe('in-flight');
  });

  it('moves the log forward only, and reads entries of an older version as position 0', async () => {
    const state = await open();
    const keys = new TenantKeys('ac', 'a');
    const log = new StateNotificationLog(state, keys, clock);
    expect(await log.log(entry(2))).toBe(true);
    expect(await log.log(entry(1, ['late']))).toBe(false);
    expect(await log.query('hook/webhook/0', '{}:{alertname="X/Y"}')).toEqual(entry(2));

    const { sequence: _s, alertVersions: _v, ...legacy } = entry(0);
    await state.set(keys.key('nflog', 'hook/webhook/0', 'g2'), textValue(JSON.stringify({ ...legacy, groupKey: 'g2' })));
    expect(await log.query('hook/webhook/0', 'g2')).toEqual({ ...legacy, groupKey: 'g2', sequence: 0, alertVersions: {} });
  });

  it('keeps tenants apart: the same group key and silence id under two tenants are two entries', async () => {
    const state = await open();
    const logA = new StateNotificationLog(state, new TenantKeys('ac', 'a'), clock);
    const logB = new StateNotificationLog(state, new TenantKeys('ac', 'b'), clock);
    const e = entry(1);
    await logA.log(e);
    expect(await logA.query(e.receiverKey, e.groupKey)).toEqual(e);
    expect(await logB.query(e.receiverKey, e.groupKey)).toBeUndefined();

    const silencesA = new StateSilenceStore(state, new TenantKeys('ac', 'a'));
    const silencesB = new StateSilenceStore(state, new TenantKeys('ac', 'b'));
    const silence = { id: 's1', matchers: [{ type: '=' as const, name: 'a', value: 'b' }], startsAtMillis: now, endsAtMillis: now + 1, updatedAtMillis: now, createdBy: 'x', comment: 'y' };
    await silencesA.put(silence);
    expect(await silencesA.list()).toEqual([silence]);
    expect(await silencesB.list()).toEqual([]);
    await silencesA.remove(['s1']);
    expect(await silencesA.get('s1')).toBeUndefined();
  });
});
