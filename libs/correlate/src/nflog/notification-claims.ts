/**
 * Once-only delivery across replicas. Every replica flushes its own copy of a group; the
 * notification log alone cannot stop two of them sending the same notification at once, so
 * before sending, a replica claims the notification's deterministic id. The id is derived from
 * what dedup decided on — integration, group, firing and resolved sets, and the log entry it
 * compared against — so replicas that would send the same thing compute the same id and only
 * one wins. After delivery the claim is marked sent; a replica that crashed between sending
 * and logging leaves "sent" behind, and the next flush logs instead of sending again.
 */
import { createHash } from 'node:crypto';

export type ClaimOutcome = 'claimed' | 'in-flight' | 'sent';

export interface NotificationClaims {
  /**
   * Atomically claims `id` for `ttlMillis` unless it exists; returns 'claimed' when this
   * caller won, otherwise the existing claim's state. (Redis: SET NX PX, then GET.)
   */
  claim(id: string, ttlMillis: number, nowMillis: number): Promise<ClaimOutcome>;
  /** Marks a claimed notification delivered, kept for `ttlMillis`. */
  markSent(id: string, ttlMillis: number, nowMillis: number): Promise<void>;
}

export function notificationId(parts: {
  receiverKey: string;
  groupKey: string;
  firing: readonly string[];
  resolved: readonly string[];
  previousEntryMillis: number | undefined;
}): string {
  return createHash('sha256')
    .update(JSON.stringify([parts.receiverKey, parts.groupKey, parts.firing, parts.resolved, parts.previousEntryMillis ?? null]))
    .digest('hex');
}

export class InMemoryNotificationClaims implements NotificationClaims {
  private readonly claims = new Map<string, { state: 'in-flight' | 'sent'; expiresAtMillis: number }>();

  async claim(id: string, ttlMillis: number, nowMillis: number): Promise<ClaimOutcome> {
    const existing = this.claims.get(id);
    if (existing && existing.expiresAtMillis > nowMillis) return existing.state;
    this.claims.set(id, { state: 'in-flight', expiresAtMillis: nowMillis + ttlMillis });
    return 'claimed';
  }

  async markSent(id: string, ttlMillis: number, nowMillis: number): Promise<void> {
    this.claims.set(id, { state: 'sent', expiresAtMillis: nowMillis + ttlMillis });
  }
}
