/**
 * Remembers which series rows were written recently, so the writer re-inserts a series' metadata
 * only when it is new or its `last_seen` is older than `refreshMillis` — not with every batch.
 * Every insert makes a part; skipping known series halves the parts a steady stream creates.
 * Bounded: when full, it forgets everything (the cost is one re-insert per live series).
 */
export class SeriesCache {
  private readonly writtenAt = new Map<string, number>();

  constructor(
    /** Re-insert a series' row when the last one written is this much older than its newest point. */
    private readonly refreshMillis = 3_600_000,
    /** Entries kept at most. */
    private readonly maxEntries = 1_000_000,
  ) {}

  /** True when the series row (tenant, fingerprint) with this `lastSeenUnixMs` should be written. */
  needsWrite(tenant: string, fingerprint: string, lastSeenUnixMs: number): boolean {
    const written = this.writtenAt.get(`${tenant}\u0000${fingerprint}`);
    return written === undefined || lastSeenUnixMs - written >= this.refreshMillis;
  }

  /** Records that the row was stored (call only after the insert succeeded). */
  markWritten(tenant: string, fingerprint: string, lastSeenUnixMs: number): void {
    if (this.writtenAt.size >= this.maxEntries) this.writtenAt.clear();
    this.writtenAt.set(`${tenant}\u0000${fingerprint}`, lastSeenUnixMs);
  }
}
