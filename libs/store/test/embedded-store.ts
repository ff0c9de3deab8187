import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store, migrate } from '../src';

/**
 * A migrated chDB store in a fresh temp folder for one test file. chDB binds one data folder per
 * process, so a file opens exactly one and closes it in afterAll (jest may run the next file in
 * the same worker).
 */
export function useEmbeddedStore(): { readonly store: Store } {
  const holder: { store: Store } = {} as { store: Store };
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-store-'));
    holder.store = Store.open({ kind: 'embedded', path: dir });
    await migrate(holder.store);
  });
  afterAll(async () => {
    await holder.store?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return holder;
}

/** Unix ms of a recent whole minute: rows older than their retention would be dropped on insert. */
export function recentMinuteUnixMs(minutesAgo = 30): number {
  return Math.floor(Date.now() / 60_000) * 60_000 - minutesAgo * 60_000;
}
