/**
 * Exponential smoothing in error-correction form: simple (SES), Holt's linear trend, damped
 * trend, and Holt–Winters with additive or multiplicative seasonality. Parameters minimise the
 * in-sample one-step squared error; initial states come from the first cycles (not optimised,
 * which keeps a fit to about a millisecond on a month of hourly data).
 */
import { mean } from '../series/stats';
import { logistic, logit, nelderMead } from './nelder-mead';
import type { Forecaster, ModelContext, PointForecast } from './types';

export type TrendKind = 'none' | 'additive' | 'damped';
export type SeasonKind = 'none' | 'additive' | 'multiplicative';

export interface EtsSpec {
  readonly trend: TrendKind;
  readonly season: SeasonKind;
  /** Seasonal period in steps; ignored when season is 'none'. */
  readonly period: number;
}

interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

interface EtsState {
  level: number;
  trend: number;
  /** Ring buffer: season[t % period] is the index for step t. */
  season: Float64Array;
  sse: number;
  steps: number;
}

const PHI_MIN = 0.8;
const PHI_MAX = 0.98;

export function fitEts(values: Float64Array, spec: EtsSpec): { params: EtsParams; state: EtsState } {
  const seasonal = spec.season !== 'none';
  const toParams = (x: Float64Array): EtsParams => {
    const alpha = 0.0001 + 0.9998 * logistic(x[0]);
    let k = 1;
    const beta = spec.trend === 'none' ? 0 : alpha * logistic(x[k++]);
    const gamma = seasonal ? (1 - alpha) * logistic(x[k++]) : 0;
    const phi = spec.trend === 'damped' ? PHI_MIN + (PHI_MAX - PHI_MIN) * logistic(x[k++]) : 1;
    return { alpha, beta, gamma, phi };
  };
  const start = [logit(0.3)];
  if (spec.trend !== 'none') start.push(logit(0.1));
  if (seasonal) start.push(logit(0.1));
  if (spec.trend === 'damped') start.push(0);
  const result = nelderMead((x) => runEts(values, spec, toParams(x)).sse, start, 40 * start.length + 60);
  const params = toParams(result.x);
  return { params, state: runEts(values, spec, params) };
}

function runEts(y: Float64Array, spec: EtsSpec, p: EtsParams): EtsState {
  const m = spec.season === 'none' ? 1 : spec.period;
  const multiplicative = spec.season === 'multiplicative';
  const cycles = Math.floor(y.length / m);
  let level = mean(y, 0, m);
  let trend = spec.trend !== 'none' && cycles >= 2 ? (mean(y, m, 2 * m) - level) / m : 0;
  const season = new Float64Array(m).fill(multiplicative ? 1 : 0);
  if (spec.season !== 'none') {
    for (let i = 0; i < m; i++) season[i] = multiplicative ? y[i] / level : y[i] - level;
    // Start the recursion at the first cycle's midpoint level.
    level -= trend * ((m - 1) / 2);
  }
  let sse = 0;
  const { alpha, beta, gamma, phi } = p;
  for (let t = 0; t < y.length; t++) {
    const s = season[t % m];
    const base = level + phi * trend;
    const fitted = multiplicative ? base * s : base + s;
    const e = y[t] - fitted;
    sse += e * e;
    if (multiplicative) {
      level = base + (alpha * e) / s;
      trend = phi * trend + (beta * e) / s;
      season[t % m] = s + (gamma * e) / base;
    } else {
      level = base + alpha * e;
      trend = phi * trend + beta * e;
      if (m > 1) season[t % m] = s + gamma * e;
    }
  }
  return { level, trend, season, sse, steps: y.length };
}

export function forecastEts(values: Float64Array, spec: EtsSpec, horizon: number): PointForecast {
  const { params, state } = fitEts(values, spec);
  const m = spec.season === 'none' ? 1 : spec.period;
  const point = new Float64Array(horizon);
  const sigma = new Float64Array(horizon);
  const sigma1 = Math.sqrt(state.sse / Math.max(1, state.steps));
  let damp = 0;
  let phiPower = 1;
  let varianceFactor = 0;
  for (let h = 1; h <= horizon; h++) {
    phiPower *= params.phi;
    damp += spec.trend === 'none' ? 0 : phiPower;
    const s = state.season[(state.steps + h - 1) % m];
    const base = state.level + damp * state.trend;
    point[h - 1] = spec.season === 'multiplicative' ? base * s : base + (m > 1 ? s : 0);
    // Variance of additive ETS: sigma² (1 + Σ c_j²), c_j = α + β·Σφ^i + γ·[j ≡ 0 mod m].
    if (h > 1) {
      const j = h - 1;
      const c = params.alpha + params.beta * (damp - phiPower) + (m > 1 && j % m === 0 ? params.gamma : 0);
      varianceFactor += c * c;
    }
    sigma[h - 1] = sigma1 * Math.sqrt(1 + varianceFactor) * (spec.season === 'multiplicative' ? Math.abs(s) : 1);
  }
  return { point, sigma };
}

export function etsForecaster(trend: TrendKind, season: SeasonKind, periodChoice: 'shortest' | 'longest' = 'shortest'): Forecaster {
  const pickPeriod = (c: ModelContext): number => (periodChoice === 'shortest' ? c.periods[0] : c.periods[c.periods.length - 1]) ?? 1;
  return {
    name: season === 'none' ? `ets_${trend}` : `holt_winters_${trend}_${season}${periodChoice === 'longest' ? '_long' : ''}`,
    applies: (c) => season === 'none' || (c.periods.length > 0 && (season !== 'multiplicative' || c.positive)),
    minLength: (c) => (season === 'none' ? (trend === 'none' ? 3 : 6) : 2 * pickPeriod(c) + 2),
    forecast: (values, horizon, c) => forecastEts(values, { trend, season, period: season === 'none' ? 1 : pickPeriod(c) }, horizon),
  };
}
