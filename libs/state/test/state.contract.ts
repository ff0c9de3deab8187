import type { StateStore } from '../src';
import { textValue, valueText } from '../src';

/** How the suite reaches an adapter and moves time for it. */
export interface StateContractSetup {
  /** A fresh store, isolated from other tests (own namespace or own instance). */
  open(): Promise<StateStore>;
  /** Lets `millis` pass for TTLs: a fake clock for memory, real waiting for Redis. */
  advance(millis: number): Promise<void>;
}

const bytes = (...values: number[]): Uint8Array => new Uint8Array(values);

/** The behaviour both StateStore adapters must share (issue 2: "the state suite on Redis and memory"). */
export function stateContract(setup: StateContractSetup): void {
  let state: StateStore;
  beforeEach(async () => {
    state = await setup.open();
  });
  afterEach(async () => {
    await state.close();
  });

  it('stores binary values byte for byte and deletes them', async () => {
    const everyByte = new Uint8Array(256).map((_, i) => i);
    await state.set('checkpoint/p3', everyByte);
    expect(await state.get('checkpoint/p3')).toEqual(everyByte);
    expect(await state.delete('checkpoint/p3')).toBe(true);
    expect(await state.delete('checkpoint/p3')).toBe(false);
    expect(await state.get('checkpoint/p3')).toBeUndefined();
  });

  it('forgets a value once its TTL has passed, and a plain set clears the TTL', async () => {
    await state.set('short', textValue('x'), { ttlMillis: 200 });
    await state.set('kept', textValue('y'), { ttlMillis: 200 });
    await state.set('kept', textValue('z'));
    expect(valueText(await state.get('short'))).toBe('x');
    await setup.advance(400);
    expect(await state.get('short')).toBeUndefined();
    expect(valueText(await state.get('kept'))).toBe('z');
  });

  it('lets exactly one of many racing writers set a key that is absent', async () => {
    const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => state.setIfAbsent('notified/alert-7', textValue(`replica-${i}`))));
    expect(wins.filter(Boolean)).toHaveLength(1);
    const winner = wins.indexOf(true);
    expect(valueText(await state.get('notified/alert-7'))).toBe(`replica-${winner}`);
  });

  it('lets set-if-absent succeed again after the first value expired', async () => {
    expect(await state.setIfAbsent('dedup', textValue('a'), { ttlMillis: 200 })).toBe(true);
    expect(await state.setIfAbsent('dedup', textValue('b'), { ttlMillis: 200 })).toBe(false);
    await setup.advance(400);
    expect(await state.setIfAbsent('dedup', textValue('c'))).toBe(true);
    expect(valueText(await state.get('dedup'))).toBe('c');
  });

  it('compares and sets on exact bytes, with undefined meaning absent', async () => {
    expect(await state.compareAndSet('log', undefined, bytes(1))).toBe(true);
    expect(await state.compareAndSet('log', undefined, bytes(9))).toBe(false);
    expect(await state.compareAndSet('log', bytes(2), bytes(9))).toBe(false);
    expect(await state.compareAndSet('log', bytes(1), bytes(1, 2))).toBe(true);
    expect(await state.get('log')).toEqual(bytes(1, 2));
    expect(await state.compareAndSet('log', bytes(1, 2), bytes(3), { ttlMillis: 200 })).toBe(true);
    await setup.advance(400);
    expect(await state.get('log')).toBeUndefined();
  });

  it('serialises racing compare-and-set increments so none is lost', async () => {
    await state.set('counter', textValue('0'));
    const increment = async (): Promise<void> => {
      for (;;) {
        const current = await state.get('counter');
        const next = textValue(String(Number(valueText(current)) + 1));
        if (await state.compareAndSet('counter', current, next)) return;
      }
    };
    await Promise.all(Array.from({ length: 10 }, increment));
    expect(valueText(await state.get('counter'))).toBe('10');
  });

  it('scans by literal prefix in key order, skipping expired keys and other prefixes', async () => {
    await state.set('ckpt/detector/2', textValue('two'));
    await state.set('ckpt/detector/10', textValue('ten'));
    await state.set('ckpt/detector/gone', textValue('x'), { ttlMillis: 200 });
    await state.set('ckpt/other/1', textValue('no'));
    await state.set('ckpt/det*', textValue('glob'));
    await setup.advance(400);
    const found = await state.scan('ckpt/detector/');
    expect(found.map((e) => [e.key, valueText(e.value)])).toEqual([
      ['ckpt/detector/10', 'ten'],
      ['ckpt/detector/2', 'two'],
    ]);
    expect((await state.scan('ckpt/det*')).map((e) => e.key)).toEqual(['ckpt/det*']);
    expect(await state.scan('ckpt/', { limit: 2 })).toHaveLength(2);
  });

  it('gives a lease to one owner at a time; only the holder renews or releases it', async () => {
    expect(await state.acquireLease('correlator/flush', 'a', 5_000)).toBe(true);
    expect(await state.acquireLease('correlator/flush', 'b', 5_000)).toBe(false);
    expect(await state.acquireLease('correlator/flush', 'a', 5_000)).toBe(true); // re-entrant
    expect(await state.renewLease('correlator/flush', 'b', 5_000)).toBe(false);
    expect(await state.renewLease('correlator/flush', 'a', 5_000)).toBe(true);
    expect(await state.releaseLease('correlator/flush', 'b')).toBe(false);
    expect(await state.leaseHolder('correlator/flush')).toBe('a');
    expect(await state.releaseLease('correlator/flush', 'a')).toBe(true);
    expect(await state.leaseHolder('correlator/flush')).toBeUndefined();
    expect(await state.acquireLease('correlator/flush', 'b', 5_000)).toBe(true);
  });

  it('hands an expired lease to the next owner and stops the old one renewing it', async () => {
    expect(await state.acquireLease('job', 'a', 200)).toBe(true);
    await setup.advance(400);
    expect(await state.renewLease('job', 'a', 200)).toBe(false);
    expect(await state.acquireLease('job', 'b', 5_000)).toBe(true);
    expect(await state.leaseHolder('job')).toBe('b');
  });

  it('keeps leases apart from keys of the same name', async () => {
    await state.set('lease:job', textValue('data'));
    expect(await state.acquireLease('job', 'a', 5_000)).toBe(true);
    expect(valueText(await state.get('lease:job'))).toBe('data');
    expect((await state.scan('')).map((e) => e.key)).toEqual(['lease:job']);
  });

  it('answers ping while open', async () => {
    await expect(state.ping()).resolves.toBeUndefined();
  });
}
