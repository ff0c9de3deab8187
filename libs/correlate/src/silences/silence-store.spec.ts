import { parseMatchers } from '../labels/matcher';
import { silenceState } from './silence';
import { InMemorySilenceStore, Silences } from './silence-store';

const MIN = 60_000;

function setup(): { silences: Silences; store: InMemorySilenceStore } {
  let n = 0;
  const store = new InMemorySilenceStore();
  return { store, silences: new Silences(store, () => `s${++n}`) };
}

const input = (over: Partial<Parameters<Silences['set']>[0]> = {}) => ({
  matchers: parseMatchers('team="db"'), startsAtMillis: 0, endsAtMillis: 60 * MIN, createdBy: 'me', comment: 'maintenance', ...over,
});

describe('silences', () => {
  it('moves through pending, active and expired with inclusive ends', () => {
    const s = { startsAtMillis: 10, endsAtMillis: 20 };
    expect(silenceState(s, 9)).toBe('pending');
    expect(silenceState(s, 10)).toBe('active');
    expect(silenceState(s, 20)).toBe('active');
    expect(silenceState(s, 21)).toBe('expired');
  });

  it('creates a silence starting now when the start is in the past, and mutes matching labels', async () => {
    const { silences } = setup();
    const id = await silences.set(input({ startsAtMillis: 0 }), 5 * MIN);
    expect((await silences.get(id))?.startsAtMillis).toBe(5 * MIN);
    expect(await silences.mutedBy({ team: 'db', alertname: 'X' }, 6 * MIN)).toEqual([id]);
    expect(await silences.mutedBy({ team: 'web' }, 6 * MIN)).toEqual([]);
  });

  it('extends an active silence in place', async () => {
    const { silences } = setup();
    const id = await silences.set(input(), 0);
    const updated = await silences.set(input({ id, endsAtMillis: 120 * MIN }), 10 * MIN);
    expect(updated).toBe(id);
    expect((await silences.get(id))?.endsAtMillis).toBe(120 * MIN);
  });

  it('replaces a silence whose matchers change: the old one expires, a new id is made', async () => {
    const { silences } = setup();
    const id = await silences.set(input(), 0);
    const replaced = await silences.set(input({ id, matchers: parseMatchers('team="web"') }), 10 * MIN);
    expect(replaced).not.toBe(id);
    expect(silenceState((await silences.get(id))!, 10 * MIN + 1)).toBe('expired');
    expect(await silences.query(10 * MIN + 1, 'active')).toHaveLength(1);
  });

  it('expires an active silence now and a pending one entirely', async () => {
    const { silences } = setup();
    const active = await silences.set(input(), 0);
    const pending = await silences.set(input({ startsAtMillis: 30 * MIN }), 0);
    await silences.expire(active, 5 * MIN);
    await silences.expire(pending, 5 * MIN);
    expect(await silences.get(active)).toMatchObject({ endsAtMillis: 5 * MIN });
    expect(await silences.get(pending)).toMatchObject({ startsAtMillis: 5 * MIN, endsAtMillis: 5 * MIN });
    await expect(silences.expire(active, 6 * MIN)).rejects.toThrow(/already expired/);
  });

  it('rejects silences Alertmanager rejects', async () => {
    const { silences } = setup();
    await expect(silences.set(input({ matchers: [] }), 0)).rejects.toThrow(/at least one matcher required/);
    await expect(silences.set(input({ matchers: parseMatchers('a=~".*"') }), 0)).rejects.toThrow(/must not match the empty string/);
    await expect(silences.set(input({ endsAtMillis: 1 * MIN }), 2 * MIN)).rejects.toThrow(/in the past/);
    await expect(silences.set(input({ id: 'nope' }), 0)).rejects.toThrow(/not found/);
  });
});
