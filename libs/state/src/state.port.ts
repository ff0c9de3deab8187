/** Options of a write. */
export interface WriteOptions {
  /** Time to live of the written value; omitted = no expiry (a previous TTL is cleared). */
  readonly ttlMillis?: number;
}

/** One key and its value, as returned by `scan`. */
export interface StateEntry {
  readonly key: string;
  readonly value: Uint8Array;
}

/**
 * Small shared state of Vigil's services: detector checkpoints, the notification log that makes
 * N replicas send a notification once, leases that elect one worker for a job. Values are bytes
 * (protobuf checkpoints, or UTF-8 text via `textValue`). Not a database: keep values small-ish
 * (≤ a few MB) and scans to prefixes with a bounded number of keys.
 * `RedisState` and `MemoryState` implement the same semantics; both pass one contract suite.
 */
export interface StateStore {
  /** The value of `key`, or undefined when absent or expired. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Writes `value` unconditionally. */
  set(key: string, value: Uint8Array, options?: WriteOptions): Promise<void>;
  /** Writes only if `key` is absent (or expired); true when this call wrote. Atomic across replicas. */
  setIfAbsent(key: string, value: Uint8Array, options?: WriteOptions): Promise<boolean>;
  /**
   * Writes `next` only if the current value equals `expected` byte for byte (`undefined`:
   * only if absent); true when this call wrote. Atomic across replicas.
   */
  compareAndSet(key: string, expected: Uint8Array | undefined, next: Uint8Array, options?: WriteOptions): Promise<boolean>;
  /** Removes `key`; true when it existed. */
  delete(key: string): Promise<boolean>;
  /** Live entries whose key starts with `prefix`, sorted by key, at most `limit` (default 10 000). */
  scan(prefix: string, options?: { readonly limit?: number }): Promise<StateEntry[]>;
  /**
   * Takes the lease `name` for `owner` for `ttlMillis` if it is free, expired, or already held
   * by `owner` (then it is extended); true when `owner` holds it afterwards.
   */
  acquireLease(name: string, owner: string, ttlMillis: number): Promise<boolean>;
  /** Extends a lease `owner` still holds; false when it expired or someone else holds it. */
  renewLease(name: string, owner: string, ttlMillis: number): Promise<boolean>;
  /** Gives up a lease `owner` holds; false when it did not hold it. */
  releaseLease(name: string, owner: string): Promise<boolean>;
  /** Who holds the lease now, or undefined. */
  leaseHolder(name: string): Promise<string | undefined>;
  /** Resolves when the store answers (readiness for `/health`); rejects otherwise. */
  ping(): Promise<void>;
  /** Flushes (memory: final snapshot) and releases connections. Idempotent. */
  close(): Promise<void>;
}
