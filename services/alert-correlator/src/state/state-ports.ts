/**
 * The correlate library's notification-state ports over Vigil's StateStore (Redis when
 * distributed, memory + snapshots embedded), so every replica reads and writes one notification
 * log, one set of silences and one set of delivery claims. Keys are `<prefix>/<tenant>/…`: a
 * tenant's state never mixes with another's. Values are JSON text.
 */
import type { ClaimOutcome, NotificationClaims, NotificationLog, NotificationLogEntry, Silence, SilenceStore } from '@vigil/correlate';
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
    return json<NotificationLogEntry>(await this.state.get(this.keys.key('nflog', receiverKey, groupKey)));
  }

  async log(entry: NotificationLogEntry): Promise<void> {
    const ttlMillis = Math.max(1, entry.expiresAtMillis - this.clock.now());
    await this.state.set(this.keys.key('nflog', entry.receiverKey, entry.groupKey), bytes(entry), { ttlMillis });
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

const IN_FLIGHT = textValue('in-flight');
const SENT = textValue('sent');

/**
 * Claims with SET NX PX semantics: `setIfAbsent` decides the single winner among replicas; the
 * loser reads what the winner left ("in-flight" while it sends, "sent" once delivered).
 */
export class StateNotificationClaims implements NotificationClaims {
  constructor(
    private readonly state: StateStore,
    private readonly keys: TenantKeys,
  ) {}

  async claim(id: string, ttlMillis: number): Promise<ClaimOutcome> {
    const key = this.keys.key('claim', id);
    if (await this.state.setIfAbsent(key, IN_FLIGHT, { ttlMillis })) return 'claimed';
    const current = valueText(await this.state.get(key));
    if (current === undefined) return (await this.state.setIfAbsent(key, IN_FLIGHT, { ttlMillis })) ? 'claimed' : 'in-flight';
    return current === 'sent' ? 'sent' : 'in-flight';
  }

  async markSent(id: string, ttlMillis: number): Promise<void> {
    const key = this.keys.key('claim', id);
    // Only our own in-flight claim turns into "sent"; if it expired meanwhile, write it anyway:
    // the notification did go out, and saying so prevents a second delivery.
    if (!(await this.state.compareAndSet(key, IN_FLIGHT, SENT, { ttlMillis }))) await this.state.set(key, SENT, { ttlMillis });
  }
}
