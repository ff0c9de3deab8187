/** Naive and seasonal naive: the baselines every other model has to beat. */
import type { Forecaster, PointForecast } from './types';

export function forecastSeasonalNaive(values: Float64Array, period: number, horizon: number): PointForecast {
  const n = values.length;
  const m = Math.max(1, Math.min(period, n));
  const point = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) point[h] = values[n - m + (h % m)];
  // Residual scale of the in-sample seasonal difference; the k-th cycle ahead has k of them.
  let sumSq = 0;
  for (let t = m; t < n; t++) sumSq += (values[t] - values[t - m]) ** 2;
  const sigma1 = n > m ? Math.sqrt(sumSq / (n - m)) : 0;
  const sigma = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) sigma[h] = sigma1 * Math.sqrt(Math.floor(h / m) + 1);
  return { point, sigma };
}

export const naiveForecaster: Forecaster = {
  name: 'naive',
  applies: () => true,
  minLength: () => 1,
  forecast: (values, horizon) => forecastSeasonalNaive(values, 1, horizon),
};

/** Repeats the last cycle of the shortest (or longest) detected period. */
export function seasonalNaiveForecaster(periodChoice: 'shortest' | 'longest'): Forecaster {
  return {
    name: periodChoice === 'shortest' ? 'seasonal_naive' : 'seasonal_naive_long',
    applies: (c) => c.periods.length > (periodChoice === 'shortest' ? 0 : 1),
    minLength: (c) => (periodChoice === 'shortest' ? c.periods[0] : c.periods[c.periods.length - 1]) ?? 1,
    forecast: (values, horizon, c) => forecastSeasonalNaive(values, (periodChoice === 'shortest' ? c.periods[0] : c.periods[c.periods.length - 1]) ?? 1, horizon),
  };
}
