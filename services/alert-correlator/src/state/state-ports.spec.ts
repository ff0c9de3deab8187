import { MemoryState } from '@vigil/state';
import { StateNotificationClaims, StateNotificationLog, StateSilenceStore, TenantKeys } from './state-ports';

describe('notification state on the state port', () => {
  let now = 1_000_000;
  const clock = { now: () => now };
  const open = () => MemoryState.open({ nowMillis: clock.now });

  it('gives exactly one of several replicas the claim, then tells the others it is in flight, then sent', async () => {
    const state = await open();
    const keys = new TenantKeys('ac', 't1');
    const replicas = [1, 2, 3].map(() => new StateNotificationClaims(state, keys));
    const outcomes = await Promise.all(replicas.map((r) => r.claim('n1', 60_000)));
    expect(outcomes.sort()).toEqual(['claimed', 'in-flight', 'in-flight']);
    await replicas[0].markSent('n1', 3_600_000);
    expect(await replicas[1].claim('n1', 60_000)).toBe('sent');
  });

  it('lets a claim of a replica that died expire, so another can deliver', async () => {
    const state = await open();
    const claims = new StateNotificationClaims(state, new TenantKeys('ac', 't1'));
    expect(await claims.claim('n2', 1_000)).toBe('claimed');
    now += 1_001;
    expect(await claims.claim('n2', 1_000)).toBe('claimed');
  });

  it('keeps tenants apart: the same group key and silence id under two tenants are two entries', async () => {
    const state = await open();
    const logA = new StateNotificationLog(state, new TenantKeys('ac', 'a'), clock);
    const logB = new StateNotificationLog(state, new TenantKeys('ac', 'b'), clock);
    const entry = { receiverKey: 'hook/webhook/0', groupKey: '{}:{alertname="X/Y"}', firingAlerts: ['f1'], resolvedAlerts: [], timestampMillis: now, expiresAtMillis: now + 60_000 };
    await logA.log(entry);
    expect(await logA.query(entry.receiverKey, entry.groupKey)).toEqual(entry);
    expect(await logB.query(entry.receiverKey, entry.groupKey)).toBeUndefined();

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
