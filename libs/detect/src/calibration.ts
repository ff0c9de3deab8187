/**
 * Turns each detector's raw signal into a tail probability of the series' own recent behaviour.
 *
 * Per signal it keeps an exponentially decayed histogram (log-spaced bins) of past values: the
 * share of recent mass at or above a new value is its empirical tail probability, so a series
 * whose 40σ spikes come daily learns that they are normal. Past the highest bin that history
 * vouches for, the probability is that bin's share decaying exponentially with the distance
 * past it, in units of the signal's running sd: a never-seen value is news in proportion to how
 * far out it is, and strong anomalies stay ranked against each other. `PRIOR_WEIGHT` pseudo-points
 * keep a young histogram from being overconfident. The same signal thus reads alike on a calm
 * and a noisy series — what lets one configuration serve every series.
 */

export const CALIBRATION_BINS = 32;
const FIRST_EDGE = 0.25;
const EDGE_RATIO = 1.3;
const LOG_EDGE_RATIO = Math.log(EDGE_RATIO);
/** Pseudo-points added to every tail (and the total): a young histogram can not claim p < 3/N. */
const PRIOR_WEIGHT = 3;
/** Beyond the highest vouched-for bin, one decade of probability per this many sds × ln 10. */
const BEYOND_DECAY_SDS = 0.25;
/**
 * Floor of that sd, in signal units (signals are in robust sigmas): a signal that almost never
 * moves (CUSUM on white noise) must not call its first small excursion impossible.
 */
const BEYOND_MIN_SD = 0.5;
/** The running mean and sd learn from values clipped at mean + this many sds. */
const CLIP_SDS = 4;
/** Values a signal must have seen before clipping its moments (a clipped start-up can never widen). */
const CLIP_AFTER = 50;
/** Values a signal must have seen before its tail probabilities are trusted (else 1). */
const MIN_HISTORY = 400;
/** Signals are capped here: beyond it every value is simply "extreme". */
const SIGNAL_CAP = 1e3;
/** Lazy decay: bins grow by a rising increment and are rescaled before it overflows. */
const RESCALE_AT = 1e30;

// Scalar slots per signal.
const MEAN = 0;
const VARIANCE = 1;
const TOTAL = 2;
const INCREMENT = 3;
const SLOTS = 4;

export class Calibrator {
  readonly scalars: Float64Array;
  readonly histograms: Float32Array;

  constructor(
    readonly signals: number,
    private readonly horizonPoints: number,
  ) {
    this.scalars = new Float64Array(SLOTS * signals);
    this.histograms = new Float32Array(CALIBRATION_BINS * signals);
    for (let k = 0; k < signals; k++) this.scalars[SLOTS * k + INCREMENT] = 1;
  }

  stateArrays(): Array<Float64Array | Float32Array> {
    return [this.scalars, this.histograms];
  }

  /** Forgets signal `k`'s history (its detector's model changed, so its past no longer applies). */
  reset(k: number): void {
    const o = SLOTS * k;
    this.scalars[o + MEAN] = 0;
    this.scalars[o + VARIANCE] = 0;
    this.scalars[o + TOTAL] = 0;
    this.scalars[o + INCREMENT] = 1;
    this.histograms.fill(0, CALIBRATION_BINS * k, CALIBRATION_BINS * (k + 1));
  }

  /**
   * log10 of the tail probability of `value` (≥ 0) for signal `k` given its history, then learns
   * it. `count` is how many values signal `k` has seen before this one.
   */
  log10Tail(k: number, value: number, count: number): number {
    const m = this.scalars;
    const o = SLOTS * k;
    const v = value > SIGNAL_CAP ? SIGNAL_CAP : value;
    const mean = m[o + MEAN];
    const variance = m[o + VARIANCE];
    // The sd floor keeps a signal that sat still for a while (a flat series) from reading any
    // later wobble as infinitely unlikely.
    const sd = Math.sqrt(variance) + 0.05 * Math.abs(mean) + 1e-9;
    const bin = binOf(v);
    const h = this.histograms;
    const hb = CALIBRATION_BINS * k;
    let log10p = 0;
    // The lowest bin's tail is the whole mass (probability 1): skip the scan and the log. This is
    // the common case for CUSUM, which sits at 0 most of the time.
    if (count >= MIN_HISTORY && bin > 0) {
      const total = m[o + TOTAL];
      const increment = m[o + INCREMENT];
      // History vouches for a value if some bin at or above it holds at least half a recent
      // point. Usually the value's own bin does, so this scan stops at once.
      const half = 0.5 * increment;
      let vouched = false;
      for (let b = bin; b < CALIBRATION_BINS && !vouched; b++) vouched = h[hb + b] >= half;
      if (vouched) {
        // Inside the range seen: the share of recent mass at or above the value's bin.
        let tail = 0;
        if (bin > CALIBRATION_BINS / 2) {
          for (let b = bin; b < CALIBRATION_BINS; b++) tail += h[hb + b];
        } else {
          let below = 0;
          for (let b = 0; b < bin; b++) below += h[hb + b];
          tail = Math.max(half, total - below);
        }
        log10p = Math.log10((tail + PRIOR_WEIGHT * increment) / (total + PRIOR_WEIGHT * increment));
      } else {
        // Beyond it: the top vouched bin's share, decaying exponentially with the distance past
        // that bin's lower edge in units of the signal's sd (a heavy, conservative tail: one
        // never-seen value is news in proportion to how far out it is, not infinitely unlikely).
        let top = bin - 1;
        while (top > 0 && h[hb + top] < half) top--;
        const anchor = Math.log10((h[hb + top] + PRIOR_WEIGHT * increment) / (total + PRIOR_WEIGHT * increment));
        log10p = anchor - (v - lowerEdge(top)) / (BEYOND_DECAY_SDS * Math.max(sd, BEYOND_MIN_SD)) / Math.LN10;
      }
    }

    // Learn: moments (clipped once warm) and the histogram, both decaying over `horizonPoints`.
    const rate = Math.max(1 / (count + 1), 1 / this.horizonPoints);
    const x = count < CLIP_AFTER ? v : Math.min(v, mean + CLIP_SDS * sd);
    const delta = x - mean;
    m[o + MEAN] = mean + rate * delta;
    m[o + VARIANCE] = (1 - rate) * (variance + rate * delta * delta);
    let increment = m[o + INCREMENT];
    if (count + 1 >= this.horizonPoints) increment /= 1 - 1 / this.horizonPoints;
    h[hb + bin] += increment;
    m[o + TOTAL] += increment;
    if (increment > RESCALE_AT) {
      for (let b = 0; b < CALIBRATION_BINS; b++) h[hb + b] /= increment;
      m[o + TOTAL] /= increment;
      increment = 1;
    }
    m[o + INCREMENT] = increment;
    return log10p > 0 ? 0 : log10p;
  }
}

function lowerEdge(bin: number): number {
  return bin === 0 ? 0 : FIRST_EDGE * Math.pow(EDGE_RATIO, bin - 1);
}

function binOf(v: number): number {
  if (v < FIRST_EDGE) return 0;
  const b = 1 + Math.floor(Math.log(v / FIRST_EDGE) / LOG_EDGE_RATIO);
  return b < CALIBRATION_BINS ? b : CALIBRATION_BINS - 1;
}
