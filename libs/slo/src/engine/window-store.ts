/**
 * Bounded-memory sliding windows over counter increases. Each increase is filed under the time of
 * the sample *before* it (its predecessor), in a ring of fixed-width buckets. A window of length w
 * evaluated at `now` then sums exactly the increases whose predecessor lies in [now − w, now),
 * which is what Prometheus's `increase(x[w])` sums at `now` (it needs both samples of a pair in
 * [now − w, now]). So on aligned data the two agree to the last event, gaps included.
 *
 * Windows are grouped into tiers by bucket width: width = resolution × ⌈w / (resolution × maxBuckets)⌉,
 * so no window costs more than `maxBucketsPerWindow` buckets. Short windows get the full
 * resolution; long ones (1 d, 3 d, 30 d) coarser buckets whose trailing edge is pro-rated
 * (uniform traffic inside one bucket assumed). Memory is O(tiers × maxBuckets) per SLO,
 * independent of traffic.
 */

export interface TierLayout {
  readonly bucketMillis: number;
  readonly slots: number;
  /** Window lengths served by this tier, ascending. */
  readonly windowsMillis: readonly number[];
}

/** Sums over one window: numerator and total events, and how many total-series increases fell in it. */
export interface WindowSums {
  numerator: number;
  total: number;
  /** Increases of the total series seen in the window; 0 means no data (not "no errors"). */
  samples: number;
}

export function planTiers(
  windowsMillis: readonly number[],
  resolutionMillis: number,
  maxBucketsPerWindow: number,
): TierLayout[] {
  const byWidth = new Map<number, number[]>();
  for (const windowMillis of new Set(windowsMillis)) {
    const width =
      resolutionMillis * Math.max(1, Math.ceil(windowMillis / (resolutionMillis * maxBucketsPerWindow)));
    byWidth.set(width, [...(byWidth.get(width) ?? []), windowMillis]);
  }
  return [...byWidth.entries()]
    .sort(([a], [b]) => a - b)
    .map(([bucketMillis, windows]) => {
      const sorted = windows.sort((a, b) => a - b);
      // +2: the pro-rated trailing bucket and the partly filled leading one.
      return {
        bucketMillis,
        slots: Math.ceil(sorted[sorted.length - 1] / bucketMillis) + 2,
        windowsMillis: sorted,
      };
    });
}

/**
 * One ring of buckets. `head` is the newest bucket written; the ring holds buckets
 * (head − slots, head], and moving the head forward clears the slots it passes, so no per-slot
 * id is stored (20 bytes a slot: two float64 sums and a saturating presence count).
 */
class Tier {
  readonly numerator: Float64Array;
  readonly total: Float64Array;
  /** Total-series increases per bucket, saturating at 255: only "any" matters. */
  readonly samples: Uint8Array;
  head = -Infinity;

  constructor(readonly layout: TierLayout) {
    this.numerator = new Float64Array(layout.slots);
    this.total = new Float64Array(layout.slots);
    this.samples = new Uint8Array(layout.slots);
  }

  private slotOf(bucket: number): number {
    const { slots } = this.layout;
    return ((bucket % slots) + slots) % slots;
  }

  add(atMillis: number, numerator: number, total: number, samples: number): boolean {
    const bucket = Math.floor(atMillis / this.layout.bucketMillis);
    const { slots } = this.layout;
    if (bucket > this.head) {
      if (bucket - this.head >= slots) {
        this.numerator.fill(0);
        this.total.fill(0);
        this.samples.fill(0);
      } else {
        for (let cleared = this.head + 1; cleared <= bucket; cleared += 1) {
          const slot = this.slotOf(cleared);
          this.numerator[slot] = 0;
          this.total[slot] = 0;
          this.samples[slot] = 0;
        }
      }
      this.head = bucket;
    } else if (bucket <= this.head - slots) {
      return false; // older than the tier's horizon
    }
    const slot = this.slotOf(bucket);
    this.numerator[slot] += numerator;
    this.total[slot] += total;
    this.samples[slot] = Math.min(255, this.samples[slot] + samples);
    return true;
  }

  /** Writes the sums of each of `windowsMillis` (ascending) at `nowMillis` into `out` (keyed by window). */
  sumWindows(nowMillis: number, windowsMillis: readonly number[], out: Map<number, WindowSums>): void {
    const { bucketMillis, slots } = this.layout;
    const { numerator, total, samples, head } = this;
    const oldest = head - slots;
    // Newest bucket holding data from before now; buckets above the head hold nothing.
    let bucket = Math.min(Math.ceil(nowMillis / bucketMillis) - 1, head);
    let accNumerator = 0;
    let accTotal = 0;
    let accSamples = 0;
    for (const windowMillis of windowsMillis) {
      const startMillis = nowMillis - windowMillis;
      const edge = Math.floor(startMillis / bucketMillis);
      const stop = Math.max(edge, oldest);
      if (bucket > stop) {
        // Walk the ring backwards without a modulo per bucket (this loop is the tick's hot path).
        let slot = ((bucket % slots) + slots) % slots;
        for (; bucket > stop; bucket -= 1) {
          accNumerator += numerator[slot];
          accTotal += total[slot];
          accSamples += samples[slot];
          slot = slot === 0 ? slots - 1 : slot - 1;
        }
      }
      const sums: WindowSums = { numerator: accNumerator, total: accTotal, samples: accSamples };
      if (edge > oldest && edge <= head) {
        const slot = ((edge % slots) + slots) % slots;
        const fraction = ((edge + 1) * bucketMillis - startMillis) / bucketMillis;
        if (fraction === 1) {
          sums.numerator += numerator[slot];
          sums.total += total[slot];
        } else {
          sums.numerator += numerator[slot] * fraction;
          sums.total += total[slot] * fraction;
        }
        sums.samples += samples[slot];
      }
      out.set(windowMillis, sums);
    }
  }

  /** Live buckets, oldest first, as [bucket, numerator, total, samples]. */
  liveBuckets(): Array<[number, number, number, number]> {
    const buckets: Array<[number, number, number, number]> = [];
    if (!Number.isFinite(this.head)) return buckets;
    for (let bucket = this.head - this.layout.slots + 1; bucket <= this.head; bucket += 1) {
      const slot = this.slotOf(bucket);
      if (this.total[slot] !== 0 || this.numerator[slot] !== 0 || this.samples[slot] !== 0) {
        buckets.push([bucket, this.numerator[slot], this.total[slot], this.samples[slot]]);
      }
    }
    return buckets;
  }
}

/** Serializable contents of a WindowStore: per tier, the live buckets (oldest first) as [bucket, numerator, total, samples]. */
export interface WindowStoreSnapshot {
  readonly tiers: ReadonlyArray<{
    readonly bucketMillis: number;
    readonly buckets: ReadonlyArray<readonly [number, number, number, number]>;
  }>;
}

export class WindowStore {
  private readonly tiers: Tier[];

  constructor(readonly layouts: readonly TierLayout[]) {
    this.tiers = layouts.map((layout) => new Tier(layout));
  }

  /** Files an increase whose predecessor sample was at `atMillis`. False when older than every tier. */
  add(atMillis: number, numerator: number, total: number, samples: number): boolean {
    let kept = false;
    for (const tier of this.tiers) kept = tier.add(atMillis, numerator, total, samples) || kept;
    return kept;
  }

  /** Sums of every planned window at `nowMillis`. */
  sums(nowMillis: number, out: Map<number, WindowSums> = new Map()): Map<number, WindowSums> {
    for (const tier of this.tiers) tier.sumWindows(nowMillis, tier.layout.windowsMillis, out);
    return out;
  }

  /** Sums over [nowMillis − windowMillis, nowMillis) for any length up to the longest planned window. */
  sumRange(nowMillis: number, windowMillis: number): WindowSums {
    const tier =
      this.tiers.find((candidate) => candidate.layout.windowsMillis.at(-1)! >= windowMillis) ??
      this.tiers.at(-1)!;
    const out = new Map<number, WindowSums>();
    tier.sumWindows(nowMillis, [windowMillis], out);
    return out.get(windowMillis)!;
  }

  snapshot(): WindowStoreSnapshot {
    return {
      tiers: this.tiers.map((tier) => ({
        bucketMillis: tier.layout.bucketMillis,
        buckets: tier.liveBuckets(),
      })),
    };
  }

  /** Restores buckets of tiers with the same width; buckets of tiers that changed are dropped. */
  restore(snapshot: WindowStoreSnapshot): void {
    for (const saved of snapshot.tiers) {
      const tier = this.tiers.find((candidate) => candidate.layout.bucketMillis === saved.bucketMillis);
      if (!tier) continue;
      for (const [bucket, numerator, total, samples] of saved.buckets) {
        tier.add(bucket * saved.bucketMillis, numerator, total, samples);
      }
    }
  }
}
