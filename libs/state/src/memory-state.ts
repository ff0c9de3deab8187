import { join } from 'node:path';
import type { StateEntry, StateStore, WriteOptions } from './state.port';
import { readSnapshot, writeSnapshot } from './snapshot-file';
import { checkTtl, sameBytes } from './text-value';

/** Options of the in-memory state. */
export interface MemoryStateOptions {
  /** Folder of the snapshot (`state.snapshot.json`); omitted = no persistence (tests). */
  readonly dataDir?: string;
  /** How often a changed state is snapshotted (and expired keys swept). Default 5 s. */
  readonly snapshotIntervalMillis?: number;
  /** Wall clock (Unix ms); injectable so TTL tests need no sleeping. */
  readonly nowMillis?: () => number;
}

interface Slot {
  value: Uint8Array;
  expiresAtMillis?: number;
}

interface Lease {
  owner: string;
  expiresAtMillis: number;
}

export const SNAPSHOT_FILE = 'state.snapshot.json';

/**
 * The state of embedded mode: a map in this process, snapshotted to the data folder every few
 * seconds when it changed and on close, and loaded on open. Leases are not snapshotted: they
 * coordinate live processes, and a restarted process must not wait out its predecessor's lease.
 * Single process, so every operation is trivially atomic.
 */
export class MemoryState implements StateStore {
  private readonly slots = new Map<string, Slot>();
  private readonly leases = new Map<string, Lease>();
  private readonly now: () => number;
  private readonly snapshotPath?: string;
  private timer?: NodeJS.Timeout;
  private dirty = false;
  private saving: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(options: MemoryStateOptions) {
    this.now = options.nowMillis ?? Date.now;
    this.snapshotPath = options.dataDir === undefined ? undefined : join(options.dataDir, SNAPSHOT_FILE);
  }

  /** Opens the state, loading the snapshot in `dataDir` if there is one. */
  static async open(options: MemoryStateOptions = {}): Promise<MemoryState> {
    const state = new MemoryState(options);
    if (state.snapshotPath) {
      const now = state.now();
      for (const entry of await readSnapshot(state.snapshotPath)) {
        if (entry.expiresAtMillis === undefined || entry.expiresAtMillis > now) {
          state.slots.set(entry.key, { value: entry.value, expiresAtMillis: entry.expiresAtMillis });
        }
      }
    }
    const intervalMillis = options.snapshotIntervalMillis ?? 5_000;
    // 0 turns periodic snapshots off (one is still written at close); expired keys are then
    // swept on the default period so memory stays bounded.
    state.timer = setInterval(() => {
      state.sweep();
      if (intervalMillis > 0) state.snapshotIfDirty().catch(() => undefined); // retried next tick; close() reports failures
    }, intervalMillis > 0 ? intervalMillis : 5_000);
    state.timer.unref();
    return state;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    return this.live(key)?.value.slice();
  }

  async set(key: string, value: Uint8Array, options?: WriteOptions): Promise<void> {
    this.write(key, value, options);
  }

  async setIfAbsent(key: string, value: Uint8Array, options?: WriteOptions): Promise<boolean> {
    checkTtl(options?.ttlMillis);
    if (this.live(key)) return false;
    this.write(key, value, options);
    return true;
  }

  async compareAndSet(key: string, expected: Uint8Array | undefined, next: Uint8Array, options?: WriteOptions): Promise<boolean> {
    checkTtl(options?.ttlMillis);
    const current = this.live(key);
    const matches = expected === undefined ? current === undefined : current !== undefined && sameBytes(current.value, expected);
    if (!matches) return false;
    this.write(key, next, options);
    return true;
  }

  async delete(key: string): Promise<boolean> {
    const existed = this.live(key) !== undefined;
    this.slots.delete(key);
    if (existed) this.dirty = true;
    return existed;
  }

  async scan(prefix: string, options?: { readonly limit?: number }): Promise<StateEntry[]> {
    const limit = options?.limit ?? 10_000;
    const keys = [...this.slots.keys()].filter((key) => key.startsWith(prefix)).sort();
    const entries: StateEntry[] = [];
    for (const key of keys) {
      const slot = this.live(key);
      if (slot) entries.push({ key, value: slot.value.slice() });
      if (entries.length >= limit) break;
    }
    return entries;
  }

  async acquireLease(name: string, owner: string, ttlMillis: number): Promise<boolean> {
    checkTtl(ttlMillis);
    const holder = this.liveLease(name);
    if (holder && holder.owner !== owner) return false;
    this.leases.set(name, { owner, expiresAtMillis: this.now() + ttlMillis });
    return true;
  }

  async renewLease(name: string, owner: string, ttlMillis: number): Promise<boolean> {
    checkTtl(ttlMillis);
    const holder = this.liveLease(name);
    if (holder?.owner !== owner) return false;
    holder.expiresAtMillis = this.now() + ttlMillis;
    return true;
  }

  async releaseLease(name: string, owner: string): Promise<boolean> {
    if (this.liveLease(name)?.owner !== owner) return false;
    this.leases.delete(name);
    return true;
  }

  async leaseHolder(name: string): Promise<string | undefined> {
    return this.liveLease(name)?.owner;
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('MemoryState is closed');
  }

  /** Writes the snapshot now (if there is a data folder). */
  async snapshot(): Promise<void> {
    const path = this.snapshotPath;
    if (!path) return;
    // One write at a time; the latest state always wins because each write reads it afresh.
    this.saving = this.saving.catch(() => undefined).then(() => {
      this.dirty = false;
      const now = this.now();
      const entries = [...this.slots]
        .filter(([, slot]) => slot.expiresAtMillis === undefined || slot.expiresAtMillis > now)
        .map(([key, slot]) => ({ key, value: slot.value, expiresAtMillis: slot.expiresAtMillis }));
      return writeSnapshot(path, entries, now).catch((error: unknown) => {
        this.dirty = true;
        throw error;
      });
    });
    return this.saving;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await this.snapshot();
  }

  /** Drops expired keys nobody read since they expired, so they do not pile up. */
  private sweep(): void {
    for (const key of this.slots.keys()) this.live(key);
    for (const name of this.leases.keys()) this.liveLease(name);
  }

  private snapshotIfDirty(): Promise<void> {
    return this.dirty ? this.snapshot() : Promise.resolve();
  }

  private write(key: string, value: Uint8Array, options?: WriteOptions): void {
    checkTtl(options?.ttlMillis);
    if (this.closed) throw new Error('MemoryState is closed');
    const expiresAtMillis = options?.ttlMillis === undefined ? undefined : this.now() + options.ttlMillis;
    this.slots.set(key, { value: value.slice(), expiresAtMillis });
    this.dirty = true;
  }

  private live(key: string): Slot | undefined {
    const slot = this.slots.get(key);
    if (slot?.expiresAtMillis !== undefined && slot.expiresAtMillis <= this.now()) {
      this.slots.delete(key);
      this.dirty = true;
      return undefined;
    }
    return slot;
  }

  private liveLease(name: string): Lease | undefined {
    const lease = this.leases.get(name);
    if (lease && lease.expiresAtMillis <= this.now()) {
      this.leases.delete(name);
      return undefined;
    }
    return lease;
  }
}
