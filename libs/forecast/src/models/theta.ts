/**
 * The Theta method (Assimakopoulos & Nikolopoulos 2000) in Hyndman & Billah's form: simple
 * exponential smoothing plus half the slope of the least-squares line. Works on non-seasonal
 * (already seasonally adjusted) data; the decomposition wrapper adds the season back.
 */
import { linearFit } from '../series/stats';
import { fitEts } from './exponential-smoothing';
import type { PointForecast } from './types';

export function forecastTheta(values: Float64Array, horizon: number): PointForecast {
  const n = values.length;
  const { params, state } = fitEts(values, { trend: 'none', season: 'none', period: 1 });
  const alpha = params.alpha;
  const halfSlope = linearFit(values).slope / 2;
  const point = new Float64Array(horizon);
  const sigma = new Float64Array(horizon);
  const sigma1 = Math.sqrt(state.sse / Math.max(1, n));
  const drift = (1 - (1 - alpha) ** n) / alpha;
  for (let h = 0; h < horizon; h++) {
    point[h] = state.level + halfSlope * (h + drift);
    sigma[h] = sigma1 * Math.sqrt(1 + h * alpha * alpha);
  }
  return { point, sigma };
}
