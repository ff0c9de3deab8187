/**
 * M4 scoring and the two benchmarks it is relative to, computed here from the train data alone:
 * seasonal naive, and Naive2 (naive on data seasonally adjusted by classical multiplicative
 * decomposition, applied only when the 90 % autocorrelation test at the seasonal lag passes).
 */
import { isSeasonal, multiplicativeSeasonalIndices } from '@vigil/forecast';

export function seasonalNaive(train: readonly number[], period: number, horizon: number): number[] {
  const n = train.length;
  return Array.from({ length: horizon }, (_, h) => train[n - period + (h % period)]);
}

export function naive2(train: readonly number[], period: number, horizon: number): number[] {
  const n = train.length;
  if (!isSeasonal(train, period)) return Array(horizon).fill(train[n - 1]);
  const indices = multiplicativeSeasonalIndices(train, period);
  const lastAdjusted = train[n - 1] / indices[(n - 1) % period];
  return Array.from({ length: horizon }, (_, h) => lastAdjusted * indices[(n + h) % period]);
}

export function smape(actual: readonly number[], forecast: readonly number[]): number {
  let sum = 0;
  for (let h = 0; h < actual.length; h++) sum += (200 * Math.abs(actual[h] - forecast[h])) / (Math.abs(actual[h]) + Math.abs(forecast[h]));
  return sum / actual.length;
}

/** In-sample mean absolute error of the seasonal naive forecast: the MASE and MSIS scale. */
export function seasonalNaiveScale(train: readonly number[], period: number): number {
  let sum = 0;
  for (let t = period; t < train.length; t++) sum += Math.abs(train[t] - train[t - period]);
  return sum / (train.length - period);
}

export function mase(actual: readonly number[], forecast: readonly number[], scale: number): number {
  let sum = 0;
  for (let h = 0; h < actual.length; h++) sum += Math.abs(actual[h] - forecast[h]);
  return sum / actual.length / scale;
}

/** Mean scaled interval score at level 1 − alpha, as M4 defined it. */
export function msis(actual: readonly number[], lower: readonly number[], upper: readonly number[], scale: number, alpha = 0.05): number {
  let sum = 0;
  for (let h = 0; h < actual.length; h++) {
    const y = actual[h];
    sum += upper[h] - lower[h];
    if (y < lower[h]) sum += (2 / alpha) * (lower[h] - y);
    if (y > upper[h]) sum += (2 / alpha) * (y - upper[h]);
  }
  return sum / actual.length / scale;
}

export function coveredCount(actual: readonly number[], lower: readonly number[], upper: readonly number[]): number {
  let inside = 0;
  for (let h = 0; h < actual.length; h++) if (actual[h] >= lower[h] && actual[h] <= upper[h]) inside++;
  return inside;
}
