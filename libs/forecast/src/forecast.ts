/**
 * The forecasting entry point: clean the series, find its seasons, back-test the candidate
 * models from rolling origins, combine the best, and put calibrated intervals around the
 * result. Every input gives a result: constant, very short, gappy or non-finite series get a
 * simpler model (or none) and a `reason` that says so.
 */
import { combineBest, rollingOrigin } from './cross-validation';
import type { Backtest } from './cross-validation';
import { intervalsFromErrors, intervalsFromSigma } from './intervals';
import type { IntervalBands } from './intervals';
import { getForecaster, MODEL_NAMES } from './models/catalog';
import { forecastEts } from './models/exponential-smoothing';
import { forecastSeasonalNaive } from './models/naive';
import type { Forecaster, ModelContext, PointForecast } from './models/types';
import { prepareSeries } from './series/prepare';
import { detectSeasonalPeriods } from './series/seasonality';

export type ForecastStatus = 'ok' | 'fallback' | 'constant' | 'insufficient_data';

export interface ForecastOptions {
  /** Steps to forecast. */
  readonly horizon: number;
  /** Seasonal periods in steps. Omitted: found from the data (calendar day/week first when `stepMillis` is known). */
  readonly periods?: readonly number[];
  /** Sampling step; lets period discovery try one day and one week first. */
  readonly stepMillis?: number;
  /** Resources that cannot be negative (bytes, counts, utilisation): forecasts and bounds are clipped at 0. */
  readonly nonNegative?: boolean;
  /** Candidate model names (see MODEL_NAMES); defaults to DEFAULT_MODELS. */
  readonly models?: readonly string[];
  /** How many of the best back-tested models are averaged. */
  readonly combineTop?: number;
  /** Rolling origins used for back-testing. */
  readonly originCount?: number;
  /** Only the most recent points are used (keeps fitting time bounded). */
  readonly maxHistoryPoints?: number;
}

export interface ForecastMember {
  readonly model: string;
  readonly weight: number;
  /** Mean absolute back-test error of this model. */
  readonly backtestMae: number;
}

export interface ForecastResult {
  readonly status: ForecastStatus;
  /** The model that produced `point`: one name, or `combination(a+b+c)`. */
  readonly model: string;
  /** Why this model, in words (fallbacks and data problems are spelled out). */
  readonly reason: string;
  readonly horizon: number;
  readonly point: number[];
  readonly lower80: number[];
  readonly upper80: number[];
  readonly lower95: number[];
  readonly upper95: number[];
  readonly members: ForecastMember[];
  readonly periods: number[];
  /** Where the intervals came from. */
  readonly intervalSource: 'cross_validation' | 'model' | 'none';
  /** Back-test error of the chosen forecast (mean absolute error, and scaled by the naive in-sample error). */
  readonly backtest?: { readonly origins: number; readonly mae: number; readonly mase: number };
  /** Points used after cleaning, and how many of them were filled gaps. */
  readonly usedPoints: number;
  readonly filledPoints: number;
}

/** Chosen on the M4 hourly half in /work/shared/data (see docs/decisions/051). */
export const DEFAULT_MODELS: readonly string[] = [
  'seasonal_naive',
  'seasonal_naive_long',
  'holt_winters_damped_additive',
  'holt_winters_damped_multiplicative',
  'mstl_damped_fast',
  'mstl_damped_slow',
  'mstl_theta_fast',
  'mstl_theta_slow',
  'mstl_log_damped_fast',
  'mstl_log_damped_slow',
  'mstl_log_theta_fast',
  'mstl_log_theta_slow',
  'naive',
  'ets_none',
  'ets_additive',
  'ets_damped',
  'theta',
];

const DEFAULTS = { combineTop: 3, originCount: 3, maxHistoryPoints: 24 * 7 * 6 };

export function forecast(raw: ArrayLike<number>, options: ForecastOptions): ForecastResult {
  const horizon = Math.max(0, Math.floor(options.horizon));
  // Long gaps are filled from the previous cycle: the known period, else a calendar day.
  const prepared = prepareSeries(raw, options.periods?.[0] ?? calendarPeriods(options.stepMillis)[0] ?? 0);
  const maxHistory = options.maxHistoryPoints ?? DEFAULTS.maxHistoryPoints;
  const values = prepared.values.length > maxHistory ? prepared.values.subarray(prepared.values.length - maxHistory) : prepared.values;
  const unknownModels = (options.models ?? []).filter((name) => !getForecaster(name));
  const cleaning = describeCleaning(raw.length, prepared.values.length, prepared.filledCount, prepared.trailingGapCount) + (unknownModels.length ? `; unknown models ignored: ${unknownModels.join(', ')}` : '');
  const base = { horizon, usedPoints: values.length, filledPoints: prepared.filledCount };
  // Points missing at the end still count as elapsed steps: forecast past them and drop them.
  const lead = prepared.trailingGapCount;

  if (values.length === 0) {
    return { ...base, ...emptyBands(), status: 'insufficient_data', model: 'none', reason: `no finite values${cleaning}`, members: [], periods: [], intervalSource: 'none' };
  }
  if (isConstant(values)) {
    const level = Array(horizon).fill(values[0]);
    return { ...base, status: 'constant', model: 'constant', reason: `all ${values.length} values equal ${values[0]}${cleaning}`, point: level, lower80: level, upper80: level, lower95: level, upper95: level, members: [], periods: [], intervalSource: 'none' };
  }

  const periods = options.periods ? options.periods.filter((p) => Number.isInteger(p) && p >= 2 && values.length >= 2 * p) : detectSeasonalPeriods(values, { calendarPeriods: calendarPeriods(options.stepMillis) });
  const context: ModelContext = { periods, positive: values.every((v) => v > 0) };
  const requested = options.models ?? DEFAULT_MODELS;
  const candidates = requested.map((name) => getForecaster(name)).filter((m): m is Forecaster => m !== undefined && m.applies(context));
  const originCount = options.originCount ?? DEFAULTS.originCount;
  const total = horizon + lead;
  const shortestNeed = Math.min(...candidates.map((m) => m.minLength(context)));
  const enoughForBacktest = candidates.length > 0 && values.length >= total + shortestNeed && horizon > 0;

  const combineTop = options.combineTop ?? DEFAULTS.combineTop;
  const seasons = periods.length ? `; seasonal periods ${periods.join(', ')}` : '; no seasonality found';

  if (!enoughForBacktest) {
    // Too short to back-test the whole horizon: choose among the models on a shorter back-test
    // (a third of the history) and keep their model-based intervals. A 14-day disk series
    // asked for 30 days ahead thus still gets Holt's linear trend, not a guess.
    const shortHorizon = Math.floor(values.length / 3);
    const shortCandidates = candidates.filter((m) => m.minLength(context) <= values.length - shortHorizon - 2 * Math.ceil(shortHorizon / 2));
    const short = horizon > 0 && shortHorizon >= 2 && shortCandidates.length >= 2 ? combineModels(values, shortCandidates, context, shortHorizon, total, originCount, combineTop) : undefined;
    if (short && short.sigma) {
      const reason = `history of ${values.length} points is too short to back-test ${total} steps ahead; best ${short.members.length} of ${short.backtest.candidates.length} models by a ${short.backtest.origins.length}-origin back-test over ${shortHorizon} steps, with model-based intervals${seasons}${cleaning}`;
      return finish({ ...base, status: 'fallback', model: short.model, reason, members: short.members, periods, intervalSource: 'model' }, short.point, intervalsFromSigma(short.point, short.sigma), lead, options.nonNegative);
    }
    const fallback = fallbackForecast(values, total, context);
    const bands = intervalsFromSigma(fallback.forecast.point, fallback.forecast.sigma ?? new Float64Array(total));
    const reason = `history of ${values.length} points is too short to back-test ${total} steps ahead; ${fallback.why}${cleaning}`;
    return finish({ ...base, status: 'fallback', model: fallback.name, reason, members: [{ model: fallback.name, weight: 1, backtestMae: NaN }], periods, intervalSource: 'model' }, fallback.forecast.point, bands, lead, options.nonNegative);
  }

  const combined = combineModels(values, candidates, context, total, total, originCount, combineTop);
  if (!combined) {
    const fallback = fallbackForecast(values, total, context);
    const bands = intervalsFromSigma(fallback.forecast.point, fallback.forecast.sigma ?? new Float64Array(total));
    return finish({ ...base, status: 'fallback', model: fallback.name, reason: `no candidate model could be back-tested and fitted; ${fallback.why}${cleaning}`, members: [], periods, intervalSource: 'model' }, fallback.forecast.point, bands, lead, options.nonNegative);
  }
  const { backtest, point, errors } = combined;
  const mae = meanAbs(errors);
  const reason = `best ${combined.members.length} of ${backtest.candidates.length} models by ${backtest.origins.length}-origin back-test, weighted by inverse squared error${seasons}${cleaning}`;
  return finish(
    { ...base, status: 'ok', model: combined.model, reason, members: combined.members, periods, intervalSource: 'cross_validation', backtest: { origins: backtest.origins.length, mae, mase: mae / naiveScale(values) } },
    point,
    intervalsFromErrors(point, errors),
    lead,
    options.nonNegative,
  );
}

interface Combined {
  readonly model: string;
  readonly members: ForecastMember[];
  readonly point: Float64Array;
  /** Weighted model sigma of the members, when every member has one. */
  readonly sigma?: Float64Array;
  readonly backtest: Backtest;
  /** Back-test errors (actual − combined forecast), one array per origin. */
  readonly errors: Float64Array[];
}

/**
 * Back-tests `candidates` over `backtestHorizon` steps, keeps the best and forecasts `total`
 * steps with them. Undefined when no model could be back-tested or fitted on the full history.
 */
function combineModels(values: Float64Array, candidates: readonly Forecaster[], context: ModelContext, backtestHorizon: number, total: number, originCount: number, combineTop: number): Combined | undefined {
  const backtest = rollingOrigin(values, candidates, context, { horizon: backtestHorizon, originCount, originStep: Math.max(1, Math.ceil(backtestHorizon / 2)) });
  if (backtest.candidates.length === 0) return undefined;
  const combination = combineBest(backtest, combineTop);
  const point = new Float64Array(total);
  let sigma: Float64Array | undefined = new Float64Array(total);
  const used: ForecastMember[] = [];
  for (const member of combination.members) {
    try {
      const f = (getForecaster(member.name) as Forecaster).forecast(values, total, context);
      if (!f.point.every(Number.isFinite)) continue;
      for (let h = 0; h < total; h++) point[h] += member.weight * f.point[h];
      if (f.sigma && sigma) for (let h = 0; h < total; h++) sigma[h] += member.weight * f.sigma[h];
      else sigma = undefined;
      used.push({ model: member.name, weight: member.weight, backtestMae: member.mae });
    } catch {
      // A model that back-tested but fails on the full series is dropped; weights renormalise below.
    }
  }
  const usedWeight = used.reduce((a, m) => a + m.weight, 0);
  if (usedWeight === 0) return undefined;
  for (let h = 0; h < total; h++) {
    point[h] /= usedWeight;
    if (sigma) sigma[h] /= usedWeight;
  }
  const errors = backtest.actuals.map((actual, o) => actual.map((y, h) => y - combination.forecasts[o][h]));
  const model = used.length === 1 ? used[0].model : `combination(${used.map((m) => m.model).join('+')})`;
  return { model, members: used.map((m) => ({ ...m, weight: m.weight / usedWeight })), point, sigma, backtest, errors };
}

type Pending = Omit<ForecastResult, 'point' | 'lower80' | 'upper80' | 'lower95' | 'upper95'>;

/** Drops steps that fall inside a trailing gap, clips at zero when asked, and converts to arrays. */
function finish(result: Pending, point: Float64Array, bands: IntervalBands, lead: number, nonNegative = false): ForecastResult {
  const cut = (a: Float64Array): number[] => Array.from(a.subarray(lead), (v) => (nonNegative ? Math.max(0, v) : v));
  return { ...result, point: cut(point), lower80: cut(bands.lower80), upper80: cut(bands.upper80), lower95: cut(bands.lower95), upper95: cut(bands.upper95) };
}

/** Simplest model the history supports: a season needs two cycles, a trend ten points. */
function fallbackForecast(values: Float64Array, horizon: number, context: ModelContext): { name: string; why: string; forecast: PointForecast } {
  const period = context.periods[0];
  if (period && values.length >= 2 * period) return { name: 'seasonal_naive', why: `using seasonal naive (period ${period}) with model-based intervals`, forecast: forecastSeasonalNaive(values, period, horizon) };
  if (values.length >= 10) return { name: 'ets_damped', why: 'using damped-trend exponential smoothing with model-based intervals', forecast: forecastEts(values, { trend: 'damped', season: 'none', period: 1 }, horizon) };
  return { name: 'naive', why: 'using the last value (naive) with random-walk intervals', forecast: forecastSeasonalNaive(values, 1, horizon) };
}

function calendarPeriods(stepMillis: number | undefined): number[] {
  if (!stepMillis || stepMillis <= 0) return [];
  const day = 86_400_000;
  return [day / stepMillis, (7 * day) / stepMillis].filter((p) => Number.isInteger(p) && p >= 2);
}

function describeCleaning(rawLength: number, kept: number, filled: number, trailing: number): string {
  const parts: string[] = [];
  if (filled > 0) parts.push(`${filled} missing or non-finite points filled`);
  if (rawLength - kept - trailing > 0) parts.push(`${rawLength - kept - trailing} leading non-finite points dropped`);
  if (trailing > 0) parts.push(`last ${trailing} points missing, forecast starts after them`);
  return parts.length ? `; ${parts.join(', ')}` : '';
}

function isConstant(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

function meanAbs(errors: Float64Array[]): number {
  let sum = 0;
  let count = 0;
  for (const e of errors) {
    for (const v of e) sum += Math.abs(v);
    count += e.length;
  }
  return count ? sum / count : NaN;
}

function naiveScale(values: Float64Array): number {
  let sum = 0;
  for (let t = 1; t < values.length; t++) sum += Math.abs(values[t] - values[t - 1]);
  return values.length > 1 ? sum / (values.length - 1) : NaN;
}

function emptyBands(): Pick<ForecastResult, 'point' | 'lower80' | 'upper80' | 'lower95' | 'upper95'> {
  return { point: [], lower80: [], upper80: [], lower95: [], upper95: [] };
}

export { MODEL_NAMES };
