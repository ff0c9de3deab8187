/**
 * One owned partition's view of its false-positive inbox, read off the batch path (decision
 * 161): a batch starts a read when one is due, the read completes while the batch scores and
 * writes its log, and the NEXT batch adopts it as the pending reports. Only the first batch after
 * a load waits for its read, so a takeover applies waiting reports before scoring. Pure: the
 * service does the reading and the removing.
 */
import type { PartitionBook, PendingReport } from './detector-book';
import { inboxRef, type InboxItem } from './partition-state.repository';
import { seriesKey } from './series-key';

export interface Adoption {
  /** Refs to take out of the inbox with this batch: already applied by the replayed log, or expired. */
  readonly done: Set<string>;
  /** Reports whose series never showed up within the expiry (for a warning). */
  readonly expired: InboxItem[];
}

export class InboxView {
  private fresh?: readonly InboxItem[];
  /**
   * What the previous batch removed from the inbox. A read taken during that batch finished
   * before the removal, so it may still hold those reports: they were applied, not pending.
   */
  private removedLastBatch: ReadonlySet<string> = new Set();
  private readAtMillis = -Infinity;
  private adopted = false;

  /** True when this batch should read the inbox (at most every `pollMillis`); marks the read as taken. */
  shouldRead(nowMillis: number, pollMillis: number): boolean {
    if (nowMillis - this.readAtMillis < pollMillis) return false;
    this.readAtMillis = nowMillis;
    return true;
  }

  /** Nothing adopted yet since the partition was loaded: this batch must wait for its read. */
  get firstRead(): boolean {
    return !this.adopted;
  }

  /** A read finished; the next `adopt` uses it. */
  received(items: readonly InboxItem[]): void {
    this.fresh = items;
  }

  /** Replaces the book's pending reports with the latest read, if there is one not adopted yet. */
  adopt(book: PartitionBook, nowMillis: number, expiryMillis: number): Adoption {
    const adoption: Adoption = { done: new Set(), expired: [] };
    if (!this.fresh) return adoption;
    const pending = new Map<string, PendingReport[]>();
    for (const item of this.fresh) {
      const ref = inboxRef(item);
      const key = seriesKey(item.tenant, item.fingerprint);
      if (this.removedLastBatch.has(ref)) continue;
      if (book.replayedReports.has(ref)) adoption.done.add(ref);
      else if (nowMillis - item.atMillis > expiryMillis && !book.series.has(key)) {
        adoption.done.add(ref);
        adoption.expired.push(item);
      } else pending.set(key, [...(pending.get(key) ?? []), { id: item.id, key }]);
    }
    book.pending = pending;
    book.replayedReports.clear(); // only a read taken after the load can hold what the log replayed
    this.fresh = undefined;
    this.adopted = true;
    return adoption;
  }

  /** The batch took `refs` out of the inbox. */
  removed(refs: ReadonlySet<string>): void {
    this.removedLastBatch = refs;
  }
}
