/**
 * Prediction intervals. From cross-validation: the spread of the combination's backtest errors
 * at each step ahead (pooled over origins and neighbouring steps, never shrinking with the
 * horizon), scaled by the empirical quantile of the standardised errors, so heavy tails widen
 * the band rather than being assumed away. From a model: its own sigma under normal errors.
 */
import { normalQuantile, quantile } from './series/stats';

export interface IntervalBands {
  readonly lower80: Float64Array;
  readonly upper80: Float64Array;
  readonly lower95: Float64Array;
  readonly upper95: Float64Array;
}

/** Steps either side pooled into each step's error scale. */
const POOL_HALF_WIDTH = 3;

export function errorScaleByStep(errors: readonly Float64Array[], horizon: number): Float64Array {
  const scale = new Float64Array(horizon);
  let runningMax = 0;
  for (let h = 0; h < horizon; h++) {
    let sumSq = 0;
    let count = 0;
    for (const e of errors) {
      for (let k = Math.max(0, h - POOL_HALF_WIDTH); k <= Math.min(horizon - 1, h + POOL_HALF_WIDTH); k++) {
        sumSq += e[k] * e[k];
        count++;
      }
    }
    runningMax = Math.max(runningMax, Math.sqrt(sumSq / Math.max(1, count)));
    scale[h] = runningMax;
  }
  return scale;
}

/**
 * Bands around `point` from backtest errors (actual − forecast). The multipliers are the 80 %
 * and 95 % quantiles of |error| / scale, but never below the normal ones: a handful of origins
 * under-represents the tails.
 */
export function intervalsFromErrors(point: Float64Array, errors: readonly Float64Array[], inflation = 1): IntervalBands {
  const horizon = point.length;
  const scale = errorScaleByStep(errors, horizon);
  const standardised: number[] = [];
  for (const e of errors) for (let h = 0; h < horizon; h++) if (scale[h] > 0) standardised.push(Math.abs(e[h]) / scale[h]);
  const z80 = Math.max(normalQuantile(0.9), standardised.length ? quantile(standardised, 0.8) : 0);
  const z95 = Math.max(normalQuantile(0.975), standardised.length ? quantile(standardised, 0.95) : 0);
  return bands(point, scale, z80 * inflation, z95 * inflation);
}

export function intervalsFromSigma(point: Float64Array, sigma: Float64Array): IntervalBands {
  return bands(point, sigma, normalQuantile(0.9), normalQuantile(0.975));
}

function bands(point: Float64Array, scale: Float64Array, z80: number, z95: number): IntervalBands {
  const horizon = point.length;
  const out = { lower80: new Float64Array(horizon), upper80: new Float64Array(horizon), lower95: new Float64Array(horizon), upper95: new Float64Array(horizon) };
  for (let h = 0; h < horizon; h++) {
    out.lower80[h] = point[h] - z80 * scale[h];
    out.upper80[h] = point[h] + z80 * scale[h];
    out.lower95[h] = point[h] - z95 * scale[h];
    out.upper95[h] = point[h] + z95 * scale[h];
  }
  return out;
}
