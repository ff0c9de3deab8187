/**
 * Turns each detector's raw signal into a tail probability of the series' own recent behaviour.
 *
 * Per signal it keeps an exponentially decayed histogram (log-spaced bins) of past values: the
 * share of recent mass at or above a new value is its empirical tail probability, so a series
 * whose 40σ spikes come daily learns that they are normal. The empirical tail can not say how
 * unlikely something never seen is, so it is mixed with a parametric prior worth `PRIOR_WEIGHT`
 * points: a Gaussian tail of the value against the signal's running mean and sd (as Numenta's
 * anomaly likelihood does). Never-seen values then rank by how far out they are, and the same
 * signal reads alike on a calm and a noisy series — what lets one configuration serve all series.
 */
import { log10UpperTail } from './tail';

export const CALIBRATION_BINS = 32;
const FIRST_EDGE = 0.25;
const EDGE_RATIO = 1.3;
const LOG_EDGE_RATIO = Math.log(EDGE_RATIO);
/** Weight, in points, of the Gaussian prior against the histogram. */
const PRIOR_WEIGHT = 1;
const CLIP_SDS = 4;
/** Values a signal must have seen before clipping its moments (a clipped start-up can never widen). */
const CLIP_AFTER = 50;
/** Values a signal must have seen before its tail probabilities are trusted (else 1). */
const MIN_HISTORY = 100;
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
    if (count >= MIN_HISTORY) {
      // Sum whichever side of the bin is shorter (most values sit in the low bins).
      const total = m[o + TOTAL];
      let tail = 0;
      if (bin > CALIBRATION_BINS / 2) {
        for (let b = bin; b < CALIBRATION_BINS; b++) tail += h[hb + b];
      } else {
        let below = 0;
        for (let b = 0; b < bin; b++) below += h[hb + b];
        tail = Math.max(0, total - below);
      }
      const increment = m[o + INCREMENT];
      const z = (v - mean) / sd;
      // At or below the mean the prior is at least ½ and only ever matters for calm points: use
      // ½ and skip the transcendental functions on the hot path.
      const log10Prior = z <= 0 ? -0.30103 : log10UpperTail(z);
      const p = (tail / increment + PRIOR_WEIGHT * Math.pow(10, log10Prior)) / (total / increment + PRIOR_WEIGHT);
      // Below ~1e-300 the sum underflows: fall back to the prior's own logarithm.
      log10p = p > 1e-300 ? Math.log10(p) : log10Prior + Math.log10(PRIOR_WEIGHT) - Math.log10(total / increment + PRIOR_WEIGHT);
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

function binOf(v: number): number {
  if (v < FIRST_EDGE) return 0;
  const b = 1 + Math.floor(Math.log(v / FIRST_EDGE) / LOG_EDGE_RATIO);
  return b < CALIBRATION_BINS ? b : CALIBRATION_BINS - 1;
}
