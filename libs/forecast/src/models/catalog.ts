/**
 * Every forecaster the library offers, by name. Adding a model is one entry here; the
 * combination picks among whichever names the caller (or the default list) asks for.
 */
import { forecastArima, sarimaForecaster } from './arima';
import { decompositionForecaster } from './decomposition-models';
import { etsForecaster, forecastEts } from './exponential-smoothing';
import { forecastSeasonalNaive, naiveForecaster, seasonalNaiveForecaster } from './naive';
import { forecastTheta } from './theta';
import type { Forecaster } from './types';

const damped = (adjusted: Float64Array, horizon: number) => forecastEts(adjusted, { trend: 'damped', season: 'none', period: 1 }, horizon);
const ses = (adjusted: Float64Array, horizon: number) => forecastEts(adjusted, { trend: 'none', season: 'none', period: 1 }, horizon);
const lastValue = (adjusted: Float64Array, horizon: number) => forecastSeasonalNaive(adjusted, 1, horizon);
const arima = (adjusted: Float64Array, horizon: number) => forecastArima(adjusted, horizon, { period: 0 });

/** Only the most recent weeks drive the level/trend model: older level carries little signal. */
const ADJUSTED_HISTORY_POINTS = 24 * 14;

/**
 * Decomposition models: {linear, log} scale × {SES, damped, Theta} on the adjusted series ×
 * seasonal profiles that follow recent cycles closely (`_fast`, each older cycle weighs 0.6 of
 * the next) or average many cycles (`_slow`, 0.95). Which suits a series is left to the back-test.
 */
function decompositionFamily(): Forecaster[] {
  const inner = { ses, damped, theta: forecastTheta, naive: lastValue } as const;
  const decays = { fast: 0.6, slow: 0.95 } as const;
  const out: Forecaster[] = [];
  for (const logScale of [false, true]) {
    for (const [innerName, forecastAdjusted] of Object.entries(inner)) {
      for (const [speed, cycleDecay] of Object.entries(decays)) {
        const name = `mstl${logScale ? '_log' : ''}_${innerName}_${speed}`;
        out.push(decompositionForecaster({ name, forecastAdjusted, logScale, cycleDecay, maxAdjustedLength: ADJUSTED_HISTORY_POINTS }));
      }
    }
  }
  return out;
}

const all: readonly Forecaster[] = [
  naiveForecaster,
  seasonalNaiveForecaster('shortest'),
  seasonalNaiveForecaster('longest'),
  etsForecaster('none', 'none'),
  etsForecaster('additive', 'none'),
  etsForecaster('damped', 'none'),
  { name: 'theta', applies: () => true, minLength: () => 6, forecast: (v, h) => forecastTheta(v, h) },
  etsForecaster('damped', 'additive'),
  etsForecaster('damped', 'multiplicative'),
  etsForecaster('none', 'additive'),
  etsForecaster('none', 'multiplicative'),
  etsForecaster('damped', 'additive', 'longest'),
  ...decompositionFamily(),
  decompositionForecaster({ name: 'mstl_arima', forecastAdjusted: arima, maxAdjustedLength: ADJUSTED_HISTORY_POINTS }),
  sarimaForecaster,
];

export const MODEL_NAMES: readonly string[] = all.map((m) => m.name);

const byName = new Map(all.map((m) => [m.name, m]));

export function getForecaster(name: string): Forecaster | undefined {
  return byName.get(name);
}
