import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryState, SNAPSHOT_FILE, textValue, valueText } from '../src';
import { stateContract } from './state.contract';

describe('MemoryState honours the StateStore contract', () => {
  let now = 1_700_000_000_000;
  stateContract({
    open: () => MemoryState.open({ nowMillis: () => now }),
    advance: async (millis) => void (now += millis),
  });
});

describe('MemoryState snapshots', () => {
  let dataDir: string;
  let now: number;
  const open = () => MemoryState.open({ dataDir, nowMillis: () => now });

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-state-'));
    now = 1_700_000_000_000;
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('restores keys, values and remaining TTLs after close and reopen, but not leases', async () => {
    const first = await open();
    await first.set('checkpoint', new Uint8Array([0, 255, 7]));
    await first.set('expiring', textValue('soon'), { ttlMillis: 1_000 });
    await first.set('expired', textValue('gone'), { ttlMillis: 10 });
    await first.acquireLease('job', 'old-process', 60_000);
    await first.close();

    now += 500;
    const second = await open();
    expect(await second.get('checkpoint')).toEqual(new Uint8Array([0, 255, 7]));
    expect(valueText(await second.get('expiring'))).toBe('soon');
    expect(await second.get('expired')).toBeUndefined();
    expect(await second.leaseHolder('job')).toBeUndefined();
    now += 600;
    expect(await second.get('expiring')).toBeUndefined();
    await second.close();
  });

  it('writes through a temp file and rename, leaving only the snapshot behind', async () => {
    const state = await open();
    for (let i = 0; i < 50; i++) await state.set(`k${i}`, textValue(String(i)));
    await Promise.all([state.snapshot(), state.snapshot(), state.snapshot()]);
    await state.close();
    expect(await readdir(dataDir)).toEqual([SNAPSHOT_FILE]);
    const reopened = await open();
    expect(await reopened.scan('k')).toHaveLength(50);
    await reopened.close();
  });

  it('refuses to start over a damaged snapshot instead of silently starting empty', async () => {
    await writeFile(join(dataDir, SNAPSHOT_FILE), '{"format":"vigil-state-snapshot","version":1,"entries":[');
    await expect(open()).rejects.toThrow(/not valid JSON/);
  });

  it('starts empty when the data folder has no snapshot yet', async () => {
    const state = await MemoryState.open({ dataDir: join(dataDir, 'nested', 'new') });
    expect(await state.scan('')).toEqual([]);
    await state.set('a', textValue('1'));
    await state.close();
    expect(await readdir(join(dataDir, 'nested', 'new'))).toEqual([SNAPSHOT_FILE]);
  });
});
