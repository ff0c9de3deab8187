/**
 * Rolling-origin cross-validation: each candidate forecasts `horizon` steps from several past
 * origins, and its errors against what actually followed decide its weight in the combination
 * and calibrate the prediction intervals.
 */
import type { Forecaster, ModelContext } from './models/types';

export interface CandidateBacktest {
  readonly name: string;
  /** One forecast per origin, aligned with `Backtest.actuals`. */
  readonly forecasts: Float64Array[];
  /** Mean absolute error over all origins and steps. */
  readonly mae: number;
}

export interface Backtest {
  /** Train length (index of the first forecast step) of each origin, most recent first. */
  readonly origins: number[];
  readonly actuals: Float64Array[];
  readonly candidates: CandidateBacktest[];
  /** Models left out, and why (too little history, failed to fit). */
  readonly skipped: { name: string; reason: string }[];
}

export interface RollingOriginOptions {
  readonly horizon: number;
  readonly originCount: number;
  /** Steps between consecutive origins. */
  readonly originStep: number;
}

export function rollingOrigin(values: Float64Array, forecasters: readonly Forecaster[], context: ModelContext, options: RollingOriginOptions): Backtest {
  const { horizon, originCount, originStep } = options;
  const origins: number[] = [];
  for (let k = 0; k < originCount; k++) {
    const end = values.length - horizon - k * originStep;
    if (end > 0) origins.push(end);
  }
  const actuals = origins.map((end) => values.subarray(end, end + horizon));
  const candidates: CandidateBacktest[] = [];
  const skipped: { name: string; reason: string }[] = [];
  for (const model of forecasters) {
    const shortest = origins[origins.length - 1] ?? 0;
    if (origins.length === 0 || shortest < model.minLength(context)) {
      skipped.push({ name: model.name, reason: `needs ${model.minLength(context)} points before the earliest origin` });
      continue;
    }
    try {
      const forecasts = origins.map((end) => model.forecast(values.subarray(0, end), horizon, context).point);
      let sum = 0;
      let count = 0;
      forecasts.forEach((f, o) => {
        for (let h = 0; h < horizon; h++) {
          sum += Math.abs(actuals[o][h] - f[h]);
          count++;
        }
      });
      const mae = sum / count;
      if (!Number.isFinite(mae)) skipped.push({ name: model.name, reason: 'non-finite backtest forecast' });
      else candidates.push({ name: model.name, forecasts, mae });
    } catch (error) {
      skipped.push({ name: model.name, reason: `failed to fit: ${(error as Error).message}` });
    }
  }
  return { origins, actuals, candidates, skipped };
}

export interface Combination {
  readonly members: { name: string; weight: number; mae: number }[];
  /** The combination's backtest forecasts, one per origin. */
  readonly forecasts: Float64Array[];
}

/**
 * Keeps the `top` candidates with the lowest backtest error, weighted by inverse squared error:
 * close competitors share the forecast, while one many times worse than the best (a damped
 * trend next to an exact line) gets almost no say.
 */
export function combineBest(backtest: Backtest, top: number): Combination {
  const ranked = [...backtest.candidates].sort((a, b) => a.mae - b.mae).slice(0, Math.max(1, top));
  const inverse = ranked.map((c) => 1 / Math.max(c.mae, 1e-12) ** 2);
  const total = inverse.reduce((a, b) => a + b, 0);
  const members = ranked.map((c, i) => ({ name: c.name, weight: inverse[i] / total, mae: c.mae }));
  const forecasts = backtest.actuals.map((actual, o) => {
    const out = new Float64Array(actual.length);
    ranked.forEach((c, i) => {
      for (let h = 0; h < actual.length; h++) out[h] += members[i].weight * c.forecasts[o][h];
    });
    return out;
  });
  return { members, forecasts };
}
