/**
 * Once-only delivery across replicas. Every replica flushes its own copy of a group; the
 * notification log alone cannot stop two of them sending at once, so before sending, a
 * replica claims the NEXT POSITION of the log: the claim id is derived from the integration,
 * the group and the log entry the decision was made against (its sequence and time). Every
 * replica that read the same entry computes the same id, whatever alerts its own view holds,
 * so at most one notification goes out per position — even when a lagging replica's view
 * differs (an id over the content would let two different views both send). The claim's value
 * is the log entry the winner will write; a loser that finds it "sent" (the winner crashed
 * between sending and logging) writes that entry instead of sending again.
 */
import { createHash } from 'node:crypto';
import type { NotificationLogEntry } from './notification-log';

export type ClaimResult =
  | { readonly outcome: 'claimed' }
  /** Another replica holds the position and is sending. */
  | { readonly outcome: 'in-flight' }
  /** Another replica delivered this position; `entry` is what it meant to log. */
  | { readonly outcome: 'sent'; readonly entry: NotificationLogEntry };

export interface NotificationClaims {
  /**
   * Atomically claims `id` for `ttlMillis`, recording `entry` as what will be logged, unless a
   * live claim exists (Redis: SET NX PX, then GET). A released claim counts as free.
   */
  claim(id: string, entry: NotificationLogEntry, ttlMillis: number, nowMillis: number): Promise<ClaimResult>;
  /** Marks this caller's claim delivered, kept for `ttlMillis`. */
  markSent(id: string, entry: NotificationLogEntry, ttlMillis: number, nowMillis: number): Promise<void>;
  /** Gives this caller's in-flight claim up (the delivery failed), so the next flush may retry. */
  release(id: string, entry: NotificationLogEntry, nowMillis: number): Promise<void>;
}

/**
 * The id of the log position after `previous` (undefined: the first notification) for one
 * integration and group: a pure function of the shared log, equal on every replica.
 */
export function notificationClaimId(parts: { receiverKey: string; groupKey: string; previous: NotificationLogEntry | undefined }): string {
  const { previous } = parts;
  return createHash('sha256')
    .update(JSON.stringify([parts.receiverKey, parts.groupKey, previous?.sequence ?? null, previous?.timestampMillis ?? null]))
    .digest('hex');
}

type ClaimState = { readonly state: 'in-flight' | 'sent' | 'released'; readonly entry: NotificationLogEntry; readonly expiresAtMillis: number };

export class InMemoryNotificationClaims implements NotificationClaims {
  private readonly claims = new Map<string, ClaimState>();

  async claim(id: string, entry: NotificationLogEntry, ttlMillis: number, nowMillis: number): Promise<ClaimResult> {
    const existing = this.claims.get(id);
    if (existing && existing.expiresAtMillis > nowMillis && existing.state !== 'released') {
      return existing.state === 'sent' ? { outcome: 'sent', entry: existing.entry } : { outcome: 'in-flight' };
    }
    this.claims.set(id, { state: 'in-flight', entry, expiresAtMillis: nowMillis + ttlMillis });
    return { outcome: 'claimed' };
  }

  async markSent(id: string, entry: NotificationLogEntry, ttlMillis: number, nowMillis: number): Promise<void> {
    this.claims.set(id, { state: 'sent', entry, expiresAtMillis: nowMillis + ttlMillis });
  }

  async release(id: string, entry: NotificationLogEntry, nowMillis: number): Promise<void> {
    const existing = this.claims.get(id);
    if (existing?.state === 'in-flight' && existing.entry === entry) this.claims.set(id, { state: 'released', entry, expiresAtMillis: nowMillis });
  }
}
