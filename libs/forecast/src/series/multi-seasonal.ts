/**
 * Multi-seasonal decomposition in the spirit of MSTL (Bandara, Hyndman & Bergmeir 2021): each
 * seasonal component in turn is estimated on the series with the others removed, twice over.
 * A component is the per-phase mean of the detrended series (centred moving average of its
 * period), weighting recent cycles more so the profile follows slow changes in shape.
 */
import { centredMovingAverage } from './seasonality';

export interface MultiSeasonalDecomposition {
  /** The series with every seasonal component removed. */
  readonly adjusted: Float64Array;
  /** Sum of seasonal components `steps` after the last observation (steps ≥ 1). */
  seasonalAhead(steps: number): number;
}

export interface DecompositionOptions {
  /** Weight of a cycle relative to the next more recent one (1 = plain mean). */
  readonly cycleDecay?: number;
  /** Passes over all periods; two is what MSTL uses by default. */
  readonly iterations?: number;
}

export function decomposeMultiSeasonal(values: Float64Array, periods: readonly number[], options: DecompositionOptions = {}): MultiSeasonalDecomposition {
  const n = values.length;
  const decay = options.cycleDecay ?? 0.9;
  const usable = periods.filter((p) => p >= 2 && n >= 2 * p).sort((a, b) => a - b);
  const profiles = usable.map((p) => new Float64Array(p));
  const adjusted = Float64Array.from(values);
  for (let pass = 0; pass < (options.iterations ?? 2); pass++) {
    usable.forEach((period, k) => {
      const profile = profiles[k];
      // Put this component back, re-estimate it, take it out again.
      for (let t = 0; t < n; t++) adjusted[t] += profile[t % period];
      estimateProfile(adjusted, period, decay, profile);
      for (let t = 0; t < n; t++) adjusted[t] -= profile[t % period];
    });
  }
  return {
    adjusted,
    seasonalAhead: (steps) => {
      let sum = 0;
      usable.forEach((period, k) => (sum += profiles[k][(n - 1 + steps) % period]));
      return sum;
    },
  };
}

/** Writes into `profile` the recency-weighted per-phase mean of values minus their trend, centred on zero. */
function estimateProfile(values: Float64Array, period: number, decay: number, profile: Float64Array): void {
  const trend = centredMovingAverage(values, period);
  extendEnd(trend);
  const sums = new Float64Array(period);
  const weights = new Float64Array(period);
  const n = values.length;
  for (let t = 0; t < n; t++) {
    if (Number.isNaN(trend[t])) continue;
    const age = Math.floor((n - 1 - t) / period);
    const w = decay ** age;
    sums[t % period] += w * (values[t] - trend[t]);
    weights[t % period] += w;
  }
  let total = 0;
  for (let p = 0; p < period; p++) {
    profile[p] = weights[p] > 0 ? sums[p] / weights[p] : 0;
    total += profile[p];
  }
  const centre = total / period;
  for (let p = 0; p < period; p++) profile[p] -= centre;
}

/**
 * The centred average stops half a period before the end, which would leave the most recent
 * half cycle out of every profile; carrying the last trend value forward lets it count.
 */
function extendEnd(trend: Float64Array): void {
  let last = trend.length - 1;
  while (last >= 0 && Number.isNaN(trend[last])) last--;
  for (let t = last + 1; t < trend.length && last >= 0; t++) trend[t] = trend[last];
}
