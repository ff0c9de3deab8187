/**
 * Seasonality: the M4 autocorrelation test, period discovery, and classical decomposition.
 * Periods are in steps (24 for a daily cycle in hourly data).
 */
import { acf, mean } from './stats';

/** One-sided 90 % critical value used by the M4 seasonality test. */
const M4_T_CRIT = 1.645;

/**
 * The M4 competition's seasonality test: the autocorrelation at lag `period` must exceed its
 * 90 % limit (Bartlett's formula) and the series must hold at least three full periods.
 */
export function isSeasonal(values: ArrayLike<number>, period: number): boolean {
  if (period < 2 || values.length < 3 * period) return false;
  const r = acf(values, period);
  let sumSq = 0;
  for (let k = 1; k < period; k++) sumSq += r[k] * r[k];
  const limit = (M4_T_CRIT / Math.sqrt(values.length)) * Math.sqrt(1 + 2 * sumSq);
  return Math.abs(r[period]) > limit;
}

/** Centred moving average of order `period` (2×period when even), NaN where the window is incomplete. */
export function centredMovingAverage(values: ArrayLike<number>, period: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  const half = Math.floor(period / 2);
  const even = period % 2 === 0;
  for (let t = half; t < n - half; t++) {
    let sum = 0;
    if (even) {
      sum += 0.5 * values[t - half] + 0.5 * values[t + half];
      for (let k = -half + 1; k < half; k++) sum += values[t + k];
    } else {
      for (let k = -half; k <= half; k++) sum += values[t + k];
    }
    out[t] = sum / period;
  }
  return out;
}

/**
 * Classical multiplicative decomposition (R's `decompose(type = "multiplicative")`), as M4 used
 * for Naive2 and Theta. Returns one seasonal index per phase, phase 0 = values[0], mean 1.
 */
export function multiplicativeSeasonalIndices(values: ArrayLike<number>, period: number): Float64Array {
  const trend = centredMovingAverage(values, period);
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  for (let t = 0; t < values.length; t++) {
    if (Number.isNaN(trend[t]) || trend[t] === 0) continue;
    sums[t % period] += values[t] / trend[t];
    counts[t % period] += 1;
  }
  const indices = new Float64Array(period);
  for (let p = 0; p < period; p++) indices[p] = counts[p] > 0 ? sums[p] / counts[p] : 1;
  const m = mean(indices);
  for (let p = 0; p < period; p++) indices[p] = m > 0 ? indices[p] / m : 1;
  return indices;
}

export interface PeriodSearch {
  /** Periods suggested by the sampling step (a day and a week in steps); tested first. */
  readonly calendarPeriods?: readonly number[];
  /** Longest period considered when searching the autocorrelation for peaks. */
  readonly maxPeriod?: number;
  /** At most this many periods are returned. */
  readonly maxPeriods?: number;
}

/**
 * Finds the seasonal periods present in the data. Calendar candidates (from the sampling step)
 * are tried first; without them the strongest autocorrelation peaks are candidates. A longer
 * period is kept only if it still shows after the shorter ones are removed, so a weekly cycle
 * is not reported just because every day looks alike.
 */
export function detectSeasonalPeriods(values: ArrayLike<number>, search: PeriodSearch = {}): number[] {
  const maxPeriods = search.maxPeriods ?? 2;
  const maxPeriod = Math.min(search.maxPeriod ?? 24 * 7, Math.floor(values.length / 3));
  const candidates = (search.calendarPeriods?.length ? [...search.calendarPeriods] : acfPeaks(values, maxPeriod, 3))
    .filter((p) => Number.isInteger(p) && p >= 2 && p <= maxPeriod)
    .sort((a, b) => a - b);
  const found: number[] = [];
  let residual: Float64Array = Float64Array.from(values);
  for (const period of candidates) {
    if (found.length >= maxPeriods) break;
    if (!isSeasonal(residual, period)) continue;
    found.push(period);
    residual = removeAdditiveSeason(residual, period);
  }
  return found;
}

/** Local maxima of the autocorrelation function, strongest first. */
function acfPeaks(values: ArrayLike<number>, maxLag: number, count: number): number[] {
  if (maxLag < 3) return [];
  const r = acf(values, maxLag);
  const peaks: number[] = [];
  for (let lag = 2; lag < maxLag; lag++) {
    if (r[lag] > 0 && r[lag] > r[lag - 1] && r[lag] >= r[lag + 1]) peaks.push(lag);
  }
  return peaks.sort((a, b) => r[b] - r[a]).slice(0, count);
}

/** Subtracts the mean detrended profile of each phase. */
function removeAdditiveSeason(values: Float64Array, period: number): Float64Array {
  const trend = centredMovingAverage(values, period);
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  for (let t = 0; t < values.length; t++) {
    if (Number.isNaN(trend[t])) continue;
    sums[t % period] += values[t] - trend[t];
    counts[t % period] += 1;
  }
  const out = new Float64Array(values.length);
  for (let t = 0; t < values.length; t++) out[t] = values[t] - (counts[t % period] ? sums[t % period] / counts[t % period] : 0);
  return out;
}
