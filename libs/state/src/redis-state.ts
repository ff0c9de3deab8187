import Redis from 'ioredis';
import type { RedisOptions } from 'ioredis';
import type { StateEntry, StateStore, WriteOptions } from './state.port';
import { checkTtl } from './text-value';

/** Options of the Redis adapter. */
export interface RedisStateOptions {
  /** `redis://host:port/db`. */
  readonly url: string;
  /** Prefix of every key this store touches, so several stores share a database. Default 'vigil:'. */
  readonly namespace?: string;
  /** Extra ioredis options (timeouts, TLS). */
  readonly redis?: RedisOptions;
  /**
   * Connection errors (ioredis reconnects by itself; commands meanwhile reject and `ping`
   * fails). Default: ignored here, since callers see the failures where they matter.
   */
  readonly onConnectionError?: (error: Error) => void;
}

// Conditional writes and lease operations are Lua scripts: Redis runs each atomically, so N
// replicas racing on one key see exactly one winner. Strings are binary-safe in Lua.
const SCRIPTS = {
  /** KEYS[1]; ARGV: expectAbsent ('1'|'0'), expected, next, ttlMillis ('0' = none). */
  vigilCompareAndSet: `
    local current = redis.call('GET', KEYS[1])
    if ARGV[1] == '1' then
      if current then return 0 end
    elseif current ~= ARGV[2] then
      return 0
    end
    if ARGV[4] ~= '0' then redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4]) else redis.call('SET', KEYS[1], ARGV[3]) end
    return 1`,
  /** KEYS[1]; ARGV: owner, ttlMillis. Free or ours: (re)take it. */
  vigilAcquireLease: `
    local current = redis.call('GET', KEYS[1])
    if current and current ~= ARGV[1] then return 0 end
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
    return 1`,
  /** KEYS[1]; ARGV: owner, ttlMillis. Only the holder extends. */
  vigilRenewLease: `
    if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return 1`,
  /** KEYS[1]; ARGV: owner. Only the holder releases. */
  vigilReleaseLease: `
    if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
    redis.call('DEL', KEYS[1])
    return 1`,
} as const;

type ScriptArg = string | Buffer;
type Scripted = Redis & { [name in keyof typeof SCRIPTS]: (key: string, ...args: ScriptArg[]) => Promise<number> };

const asBuffer = (value: Uint8Array): Buffer => Buffer.from(value.buffer, value.byteOffset, value.byteLength);
const ttlArg = (options?: WriteOptions): string => (options?.ttlMillis === undefined ? '0' : String(Math.ceil(options.ttlMillis)));
/** Escapes Redis glob characters so a prefix matches literally in SCAN MATCH. */
const escapeGlob = (text: string): string => text.replace(/[*?[\]\\]/g, (c) => `\\${c}`);

/**
 * State on Redis (distributed mode), through ioredis. Keys live under `namespace + 'kv:'`,
 * leases under `namespace + 'lease:'`, so no key can collide with a lease. TTLs are Redis's own (PX), so expiry
 * holds across replicas and restarts.
 */
export class RedisState implements StateStore {
  private readonly redis: Scripted;
  private readonly namespace: string;
  private closed = false;

  constructor(options: RedisStateOptions) {
    const redis = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: 3, ...options.redis });
    for (const [name, lua] of Object.entries(SCRIPTS)) redis.defineCommand(name, { numberOfKeys: 1, lua });
    // Without a listener ioredis prints "Unhandled error event" for every reconnect attempt.
    redis.on('error', options.onConnectionError ?? (() => undefined));
    this.redis = redis as Scripted;
    this.namespace = options.namespace ?? 'vigil:';
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const value = await this.redis.getBuffer(this.kv(key));
    return value === null ? undefined : new Uint8Array(value);
  }

  async set(key: string, value: Uint8Array, options?: WriteOptions): Promise<void> {
    checkTtl(options?.ttlMillis);
    if (options?.ttlMillis === undefined) await this.redis.set(this.kv(key), asBuffer(value));
    else await this.redis.set(this.kv(key), asBuffer(value), 'PX', Math.ceil(options.ttlMillis));
  }

  async setIfAbsent(key: string, value: Uint8Array, options?: WriteOptions): Promise<boolean> {
    checkTtl(options?.ttlMillis);
    const result =
      options?.ttlMillis === undefined
        ? await this.redis.set(this.kv(key), asBuffer(value), 'NX')
        : await this.redis.set(this.kv(key), asBuffer(value), 'PX', Math.ceil(options.ttlMillis), 'NX');
    return result === 'OK';
  }

  async compareAndSet(key: string, expected: Uint8Array | undefined, next: Uint8Array, options?: WriteOptions): Promise<boolean> {
    checkTtl(options?.ttlMillis);
    const absent = expected === undefined;
    const written = await this.redis.vigilCompareAndSet(
      this.kv(key),
      absent ? '1' : '0',
      absent ? '' : asBuffer(expected),
      asBuffer(next),
      ttlArg(options),
    );
    return written === 1;
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.kv(key))) > 0;
  }

  async scan(prefix: string, options?: { readonly limit?: number }): Promise<StateEntry[]> {
    const limit = options?.limit ?? 10_000;
    const match = `${escapeGlob(this.kv(prefix))}*`;
    const keys = new Set<string>(); // SCAN may return a key more than once
    let cursor = '0';
    do {
      const [next, batch] = await this.redis.scan(cursor, 'MATCH', match, 'COUNT', 1000);
      cursor = next;
      for (const key of batch) keys.add(key);
    } while (cursor !== '0');
    const sorted = [...keys].sort().slice(0, limit);
    const entries: StateEntry[] = [];
    for (let i = 0; i < sorted.length; i += 500) {
      const chunk = sorted.slice(i, i + 500);
      const values = await this.redis.mgetBuffer(...chunk);
      chunk.forEach((key, j) => {
        const value = values[j];
        if (value !== null) entries.push({ key: key.slice(this.kv('').length), value: new Uint8Array(value) });
      });
    }
    return entries;
  }

  async acquireLease(name: string, owner: string, ttlMillis: number): Promise<boolean> {
    checkTtl(ttlMillis);
    return (await this.redis.vigilAcquireLease(this.lease(name), owner, String(Math.ceil(ttlMillis)))) === 1;
  }

  async renewLease(name: string, owner: string, ttlMillis: number): Promise<boolean> {
    checkTtl(ttlMillis);
    return (await this.redis.vigilRenewLease(this.lease(name), owner, String(Math.ceil(ttlMillis)))) === 1;
  }

  async releaseLease(name: string, owner: string): Promise<boolean> {
    return (await this.redis.vigilReleaseLease(this.lease(name), owner)) === 1;
  }

  async leaseHolder(name: string): Promise<string | undefined> {
    return (await this.redis.get(this.lease(name))) ?? undefined;
  }

  async ping(): Promise<void> {
    await this.redis.ping();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private kv(key: string): string {
    return `${this.namespace}kv:${key}`;
  }

  private lease(name: string): string {
    return `${this.namespace}lease:${name}`;
  }
}
