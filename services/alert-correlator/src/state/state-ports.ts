/**
 * The correlate library's notification-state ports over Vigil's StateStore (Redis when
 * distributed, memory + snapshots embedded), so every replica reads and writes one notification
 * log, one set of silences and one set of delivery claims. Keys are `<prefix>/<tenant>/…`: a
 * tenant's state never mixes with another's. Values are JSON text.
 */
import type { ClaimResult, NotificationClaims, NotificationLog, NotificationLogEntry, Silence, SilenceStore } from '@vigil/correlate';
import { advancesLog, withLogDefaults } from '@vigil/correlate';
import type { StateStore } from '@vigil/state';
import { textValue, valueText } from '@vigil/state';

const json = <T>(bytes: Uint8Array | undefined): T | undefined => {
  const text = valueText(bytes);
  return text === undefined ? undefined : (JSON.parse(text) as T);
};
const bytes = (value: unknown): Uint8Array => textValue(JSON.stringify(value));

/** Keys under one tenant's prefix. Label values may hold `/`; they are hashed by the lib into ids, so only ids and group keys land in keys (URI-encoded). */
export class TenantKeys {
  constructor(
    private readonly prefix: string,
    readonly tenant: string,
  ) {}
  key(kind: string, ...parts: string[]): string {
    return [this.prefix, encodeURIComponent(this.tenant), kind, ...parts.map(encodeURIComponent)].join('/');
  }
}

/** nflog: one key per (integration, group), expiring with the entry's retention. */
export class StateNotificationLog implements NotificationLog {
  constructor(
    private readonly state: StateStore,
    private readonly keys: TenantKeys,
    private readonly clock: { now(): number },
  ) {}

  async query(receiverKey: string, groupKey: string): Promise<NotificationLogEntry | undefined> {
    const entry = json<NotificationLogEntry>(await this.state.get(this.keys.key('nflog', receiverKey, groupKey)));
    return entry && withLogDefaults(entry);
  }

  /** Forward only, atomically: compare-and-set against the bytes read, retried if another replica wrote meanwhile. */
  async log(entry: NotificationLogEntry): Promise<boolean> {
    const key = this.keys.key('nflog', entry.receiverKey, entry.groupKey);
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.state.get(key);
      const currentEntry = json<NotificationLogEntry>(current);
      if (!advancesLog(currentEntry && withLogDefaults(currentEntry), entry)) return false;
      const ttlMillis = Math.max(1, entry.expiresAtMillis - this.clock.now());
      if (await this.state.compareAndSet(key, current, bytes(entry), { ttlMillis })) return true;
    }
    throw new Error(`notification log entry ${key} kept changing under five writes`);
  }
}

/** Silences: one key each; listing is a prefix scan (silences are few: hundreds, not millions). */
export class StateSilenceStore implements SilenceStore {
  constructor(
    private readonly state: StateStore,
    private readonly keys: TenantKeys,
  ) {}

  async get(id: string): Promise<Silence | undefined> {
    return json<Silence>(await this.state.get(this.keys.key('silence', id)));
  }

  async list(): Promise<Silence[]> {
    const entries = await this.state.scan(this.keys.key('silence', ''));
    return entries.map((e) => json<Silence>(e.value) as Silence);
  }

  async put(silence: Silence): Promise<void> {
    await this.state.set(this.keys.key('silence', silence.id), bytes(silence));
  }

  async remove(ids: readonly string[]): Promise<void> {
    for (const id of ids) await this.state.delete(this.keys.key('silence', id));
  }
}

type StoredClaim = { readonly state: 'in-flight' | 'sent' | 'released'; readonly entry: NotificationLogEntry };

/**
 * Claims with SET NX PX semantics: `setIfAbsent` decides the single winner among replicas; the
 * loser reads what the winner left ("in-flight" while it sends, "sent" with the entry to log
 * once delivered). Each value holds the entry, so the owner's later compare-and-set matches
 * its own claim only (a claim that expired and was taken by another replica is left alone).
 */
export class StateNotificationClaims implements NotificationClaims {
  constructor(
    private readonly state: StateStore,
    private readonly keys: TenantKeys,
  ) {}

  async claim(id: string, entry: NotificationLogEntry, ttlMillis: number): Promise<ClaimResult> {
    const key = this.keys.key('claim', id);
    const mine = bytes({ state: 'in-flight', entry } satisfies StoredClaim);
    for (let attempt = 0; attempt < 3; attempt++) {
      if (await this.state.setIfAbsent(key, mine, { ttlMillis })) return { outcome: 'claimed' };
      const current = await this.state.get(key);
      if (current === undefined) continue; // expired between the two calls
      const stored = parseClaim(current);
      if (stored?.state === 'released') {
        if (await this.state.compareAndSet(key, current, mine, { ttlMillis })) return { outcome: 'claimed' };
        continue;
      }
      return stored?.state === 'sent' ? { outcome: 'sent', entry: withLogDefaults(stored.entry) } : { outcome: 'in-flight' };
    }
    return { outcome: 'in-flight' }; // contended three times: another replica is on it
  }

  async markSent(id: string, entry: NotificationLogEntry, ttlMillis: number): Promise<void> {
    const key = this.keys.key('claim', id);
    // Only our own in-flight claim turns into "sent"; if it expired meanwhile, write it anyway:
    // the notification did go out, and saying so prevents a second delivery.
    const sent = bytes({ state: 'sent', entry } satisfies StoredClaim);
    if (!(await this.state.compareAndSet(key, bytes({ state: 'in-flight', entry } satisfies StoredClaim), sent, { ttlMillis }))) {
      await this.state.set(key, sent, { ttlMillis });
    }
  }

  async release(id: string, entry: NotificationLogEntry): Promise<void> {
    const key = this.keys.key('claim', id);
    await this.state.compareAndSet(key, bytes({ state: 'in-flight', entry } satisfies StoredClaim), bytes({ state: 'released', entry } satisfies StoredClaim), { ttlMillis: 60_000 });
  }
}

/** Values written before claims carried entries ('in-flight'/'sent' text) parse as undefined: treated as in flight. */
function parseClaim(value: Uint8Array): StoredClaim | undefined {
  try {
    const parsed = json<StoredClaim>(value);
    return parsed && typeof parsed === 'object' && 'state' in parsed ? parsed : undefined;
  } catch {
    return undefined;
  }
}
