/**
 * Change detectors on the baseline's standardised residuals:
 * - `LevelShift`: two-sided CUSUM (Page 1954) on the residual around the slow level; it integrates
 *   small persistent deviations that no single point reveals (DRIFT).
 * - `TrendChange`: the short-run slope of the fast level against its long-run slope, in robust
 *   sigmas per point (TREND).
 * - `Sustained`: a short moving average of the signed fast residual: a run of points on one side
 *   of the expected band, such as a missing daily peak (SEASONAL when a period is in use).
 */

/** CUSUM allowance in sigmas: drifts smaller than this are ignored. */
const CUSUM_ALLOWANCE = 1.5;
/** CUSUM can not grow past this many sigmas, so one episode can not saturate it forever. */
const CUSUM_CAP = 200;

export class LevelShift {
  /** [upper sum, lower sum] */
  readonly sums = new Float64Array(2);

  stateArrays(): Float64Array[] {
    return [this.sums];
  }

  /** Returns the CUSUM statistic (≥ 0) and its direction (+1 up, −1 down) via `direction`. */
  observe(slowZ: number): number {
    const s = this.sums;
    const z = slowZ > 8 ? 8 : slowZ < -8 ? -8 : slowZ;
    s[0] = Math.min(CUSUM_CAP, Math.max(0, s[0] + z - CUSUM_ALLOWANCE));
    s[1] = Math.min(CUSUM_CAP, Math.max(0, s[1] - z - CUSUM_ALLOWANCE));
    return s[0] > s[1] ? s[0] : s[1];
  }

  get direction(): number {
    return this.sums[0] >= this.sums[1] ? 1 : -1;
  }

  reset(): void {
    this.sums.fill(0);
  }
}

const TREND_FAST = 0.01;
/** The fast slope averages ~1/TREND_FAST slopes: this rescales their difference to unit variance. */
const TREND_SCALE = Math.sqrt(1 / TREND_FAST);

export class TrendChange {
  /** [previous expected value, fast slope, slow slope, count] */
  readonly scalars = new Float64Array(4);

  constructor(private readonly horizonPoints: number) {}

  stateArrays(): Float64Array[] {
    return [this.scalars];
  }

  /** Returns the signed slope difference in sigmas per point. */
  observe(level: number, sigma: number): number {
    const s = this.scalars;
    const n = s[3];
    s[3] = n + 1;
    if (n === 0) {
      s[0] = level;
      return 0;
    }
    const slope = level - s[0];
    s[0] = level;
    s[1] += Math.max(TREND_FAST, 1 / n) * (slope - s[1]);
    s[2] += Math.max(1 / this.horizonPoints, 1 / n) * (slope - s[2]);
    return ((s[1] - s[2]) / sigma) * TREND_SCALE;
  }

  reset(): void {
    this.scalars[2] = this.scalars[1];
  }
}

const SUSTAINED_ALPHA = 0.1;
/** An EWMA of unit-variance noise has variance α/(2−α): dividing by its sd makes noise read as N(0,1). */
const SUSTAINED_SD = Math.sqrt(SUSTAINED_ALPHA / (2 - SUSTAINED_ALPHA));

export class Sustained {
  readonly mean = new Float64Array(1);

  stateArrays(): Float64Array[] {
    return [this.mean];
  }

  /** Returns the average signed residual over about the last 1/α points, scaled to unit variance. */
  observe(fastZ: number): number {
    const z = fastZ > 6 ? 6 : fastZ < -6 ? -6 : fastZ;
    this.mean[0] += SUSTAINED_ALPHA * (z - this.mean[0]);
    return this.mean[0] / SUSTAINED_SD;
  }

  reset(): void {
    this.mean[0] = 0;
  }
}
