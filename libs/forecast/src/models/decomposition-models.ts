/**
 * Models that forecast the seasonally adjusted series and add the seasonal components back:
 * the multi-seasonal decomposition handles daily and weekly cycles at once, and any
 * non-seasonal forecaster (SES, damped trend, Theta, ARIMA) handles level and trend.
 * For positive series the decomposition can run on logarithms, making the season
 * multiplicative (a busier week has a proportionally deeper night dip).
 */
import { decomposeMultiSeasonal } from '../series/multi-seasonal';
import type { Forecaster, ModelContext, PointForecast } from './types';

export type AdjustedForecast = (adjusted: Float64Array, horizon: number) => PointForecast;

export interface DecompositionModelOptions {
  readonly name: string;
  readonly forecastAdjusted: AdjustedForecast;
  /** Decompose log values (positive series only). */
  readonly logScale?: boolean;
  /** Use only the shortest period (e.g. daily) instead of all found. */
  readonly shortestPeriodOnly?: boolean;
  readonly cycleDecay?: number;
  /** Most recent points handed to the adjusted-series model (the decomposition sees all). */
  readonly maxAdjustedLength?: number;
}

export function decompositionForecaster(options: DecompositionModelOptions): Forecaster {
  const periodsOf = (c: ModelContext): readonly number[] => (options.shortestPeriodOnly ? c.periods.slice(0, 1) : c.periods);
  return {
    name: options.name,
    applies: (c) => c.periods.length > 0 && (!options.logScale || c.positive) && (!options.shortestPeriodOnly || c.periods.length > 0),
    minLength: (c) => 2 * Math.min(...periodsOf(c)) + 2,
    forecast: (values, horizon, c) => {
      const input = options.logScale ? values.map(Math.log) : values;
      const decomposition = decomposeMultiSeasonal(input, periodsOf(c), { cycleDecay: options.cycleDecay });
      const adjusted = options.maxAdjustedLength ? decomposition.adjusted.subarray(Math.max(0, input.length - options.maxAdjustedLength)) : decomposition.adjusted;
      const inner = options.forecastAdjusted(adjusted, horizon);
      const point = new Float64Array(horizon);
      const sigma = inner.sigma ? new Float64Array(horizon) : undefined;
      for (let h = 0; h < horizon; h++) {
        const value = inner.point[h] + decomposition.seasonalAhead(h + 1);
        point[h] = options.logScale ? Math.exp(value) : value;
        // Log-scale sigma maps to an approximate absolute sigma at the point.
        if (sigma && inner.sigma) sigma[h] = options.logScale ? point[h] * inner.sigma[h] : inner.sigma[h];
      }
      return { point, sigma };
    },
  };
}
