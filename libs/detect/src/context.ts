/**
 * The contextual tier, in the spirit of CAD-OSE (Contextual Anomaly Detector, open-source edition,
 * an NAB entry): a change of *pattern* made of values the series has seen before — a new
 * oscillation between familiar levels — is invisible to detectors that ask "is this value beyond
 * the recent range?". This one asks "has this short sequence of values been seen before?".
 *
 * Each value is quantised into `CONTEXT_LEVELS` buckets of the range seen so far (min/max that only
 * widen, as CAD-OSE quantises by a fixed min/max: a range that shrank back would move every bucket
 * edge and make every context look new). A context is the current bucket with the 1, 2 or 3 before
 * it; seen contexts are kept as a hashed bit set in two generations (the one being filled and the
 * previous one, swapped every `CONTEXT_GENERATION_POINTS`), so a context unseen for two generations
 * is forgotten and memory is fixed. The signal is an EWMA of the share of novel contexts per point:
 * it rises when the recent pattern is new, whatever the values. The caller calibrates it into a tail
 * probability of the series' own history like every other signal.
 */

/** Quantisation levels of the seen range. */
export const CONTEXT_LEVELS = 8;
/** Longest context: the current bucket and the MAX_ORDER before it (orders 1…MAX_ORDER are checked). */
const MAX_ORDER = 3;
/** Bits per generation of the seen-context set (a power of two): 8 + 64 + 512 + 4096 possible contexts, far fewer occur. */
const CONTEXT_BITS = 1024;
/** Points per generation: a context is remembered for 8,000–16,000 points. */
export const CONTEXT_GENERATION_POINTS = 8000;
/** EWMA rate of the novelty share (~70 points): a pattern change lasts, a lone odd value does not. */
const NOVELTY_ALPHA = 0.015;
/**
 * Points before the novelty is calibrated: while the set of seen contexts fills everything is new,
 * and that start-up novelty must not become the reference the calibrator compares against.
 */
export const CONTEXT_CALIBRATION_START = 300;

// Scalar slots.
const COUNT = 0;
const LO = 1;
const HI = 2;
const NOVELTY = 3;
const IN_GENERATION = 4;
const SLOTS = 5;

export class ContextNovelty {
  readonly scalars = new Float64Array(SLOTS);
  /** The last MAX_ORDER + 1 buckets, most recent first. */
  readonly history = new Uint8Array(MAX_ORDER + 1);
  readonly current = new Uint8Array(CONTEXT_BITS >>> 3);
  readonly previous = new Uint8Array(CONTEXT_BITS >>> 3);

  stateArrays(): Array<Float64Array | Uint8Array> {
    return [this.scalars, this.history, this.current, this.previous];
  }

  /** Points observed so far. */
  get count(): number {
    return this.scalars[COUNT];
  }

  /** Learns `value` and returns the smoothed share of novel contexts (0 = all seen, 1 = all new). */
  observe(value: number): number {
    const s = this.scalars;
    const n = s[COUNT];
    s[COUNT] = n + 1;
    const lo = n === 0 || value < s[LO] ? value : s[LO];
    const hi = n === 0 || value > s[HI] ? value : s[HI];
    s[LO] = lo;
    s[HI] = hi;
    const span = hi - lo;
    const bucket = span > 0 ? Math.min(CONTEXT_LEVELS - 1, Math.floor(((value - lo) / span) * CONTEXT_LEVELS)) : 0;

    const h = this.history;
    for (let i = MAX_ORDER; i > 0; i--) h[i] = h[i - 1];
    h[0] = bucket;
    const orders = n < MAX_ORDER ? n : MAX_ORDER;
    let novel = 0;
    let code = bucket;
    for (let order = 1; order <= orders; order++) {
      // Exact code of the context (buckets < 31), then a multiplicative hash into the bit set.
      code = code * 31 + h[order] + 1;
      const bit = (Math.imul(code ^ (order << 24), 0x9e3779b1) >>> 7) & (CONTEXT_BITS - 1);
      const byte = bit >>> 3;
      const mask = 1 << (bit & 7);
      if ((this.current[byte] & mask) === 0 && (this.previous[byte] & mask) === 0) novel++;
      this.current[byte] |= mask;
    }
    const share = orders > 0 ? novel / orders : 0;
    s[NOVELTY] += NOVELTY_ALPHA * (share - s[NOVELTY]);
    if (++s[IN_GENERATION] >= CONTEXT_GENERATION_POINTS) {
      this.previous.set(this.current);
      this.current.fill(0);
      s[IN_GENERATION] = 0;
    }
    return s[NOVELTY];
  }
}
