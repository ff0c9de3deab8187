import { kahanSumInc, quantile } from './float';
import type { RangeSeries } from './values';

/** What a range function sees: one series' points and the window it was selected for. */
export interface RangeInput {
  readonly series: RangeSeries;
  readonly rangeStartMillis: number;
  readonly rangeEndMillis: number;
  /** The evaluation time (predict_linear's intercept). */
  readonly evalMillis: number;
  /** The scalar argument, when the function takes one (predict_linear's t, quantile_over_time's φ). */
  readonly param: number;
}

/** Returns the function's value, or undefined for "no sample" (too few points). */
export type RangeFunction = (input: RangeInput) => number | undefined;

/** Prometheus's extrapolatedRate for rate/increase/delta (promql/functions.go, Prometheus 3). */
function extrapolated(isCounter: boolean, isRate: boolean): RangeFunction {
  return ({ series: { timesMillis: t, values: v }, rangeStartMillis, rangeEndMillis }) => {
    const n = v.length;
    if (n < 2) return undefined;
    let result = v[n - 1] - v[0];
    if (isCounter) {
      let previous = 0;
      for (const value of v) {
        if (value < previous) result += previous;
        previous = value;
      }
    }
    let durationToStart = (t[0] - rangeStartMillis) / 1000;
    let durationToEnd = (rangeEndMillis - t[n - 1]) / 1000;
    const sampledInterval = (t[n - 1] - t[0]) / 1000;
    const averageBetweenSamples = sampledInterval / (n - 1);
    const threshold = averageBetweenSamples * 1.1;
    if (durationToStart >= threshold) durationToStart = averageBetweenSamples / 2;
    if (isCounter && result > 0 && v[0] >= 0) {
      // A counter cannot go below zero: do not extrapolate past the point where it would.
      const durationToZero = sampledInterval * (v[0] / result);
      if (durationToZero < durationToStart) durationToStart = durationToZero;
    }
    if (durationToEnd >= threshold) durationToEnd = averageBetweenSamples / 2;
    let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
    if (isRate) factor /= (rangeEndMillis - rangeStartMillis) / 1000;
    return result * factor;
  };
}

function instant(isRate: boolean): RangeFunction {
  return ({ series: { timesMillis: t, values: v } }) => {
    const n = v.length;
    if (n < 2) return undefined;
    const last = v[n - 1];
    const previous = v[n - 2];
    const result = isRate && last < previous ? last : last - previous;
    const intervalMillis = t[n - 1] - t[n - 2];
    if (intervalMillis === 0) return undefined;
    return isRate ? result / (intervalMillis / 1000) : result;
  };
}

/** Least-squares slope and intercept at `interceptMillis`, with Kahan sums (Prometheus's linearRegression). */
export function linearRegression(times: readonly number[], values: readonly number[], interceptMillis: number): [number, number] {
  let n = 0, sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
  const initial = values[0];
  let constant = true;
  for (let i = 0; i < values.length; i++) {
    if (constant && i > 0 && values[i] !== initial) constant = false;
    n += 1;
    const x = (times[i] - interceptMillis) / 1000;
    [sumX, cX] = kahanSumInc(x, sumX, cX);
    [sumY, cY] = kahanSumInc(values[i], sumY, cY);
    [sumXY, cXY] = kahanSumInc(x * values[i], sumXY, cXY);
    [sumX2, cX2] = kahanSumInc(x * x, sumX2, cX2);
  }
  if (constant) return Number.isFinite(initial) ? [0, initial] : [NaN, NaN];
  sumX += cX;
  sumY += cY;
  sumXY += cXY;
  sumX2 += cX2;
  const covXY = sumXY - (sumX * sumY) / n;
  const varX = sumX2 - (sumX * sumX) / n;
  const slope = covXY / varX;
  return [slope, sumY / n - (slope * sumX) / n];
}

/** Prometheus 3's avg_over_time / avg: Kahan sum, switching to an incremental mean on overflow. */
export function average(values: readonly number[]): number {
  let sum = values[0];
  let compensation = 0;
  let mean = 0;
  let incremental = false;
  for (let i = 1; i < values.length; i++) {
    const count = i + 1;
    if (!incremental) {
      const [next, nextC] = kahanSumInc(values[i], sum, compensation);
      if (Number.isFinite(next) || !Number.isFinite(values[i])) {
        [sum, compensation] = [next, nextC];
        continue;
      }
      incremental = true;
      mean = sum / (count - 1);
      compensation /= count - 1;
    }
    const q = (count - 1) / count;
    [mean, compensation] = kahanSumInc(values[i] / count, q * mean, q * compensation);
  }
  if (incremental) return mean + compensation;
  return sum / values.length + compensation / values.length;
}

/** Welford's variance with Kahan-compensated running sums (stdvar_over_time). */
export function variance(values: readonly number[]): number {
  let count = 0, mean = 0, cMean = 0, aux = 0, cAux = 0;
  for (const value of values) {
    count++;
    const delta = value - (mean + cMean);
    [mean, cMean] = kahanSumInc(delta / count, mean, cMean);
    [aux, cAux] = kahanSumInc(delta * (value - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}

export const RANGE_FUNCTIONS: ReadonlyMap<string, RangeFunction> = new Map<string, RangeFunction>([
  ['rate', extrapolated(true, true)],
  ['increase', extrapolated(true, false)],
  ['delta', extrapolated(false, false)],
  ['irate', instant(true)],
  ['idelta', instant(false)],
  ['deriv', ({ series: { timesMillis, values } }) => (values.length < 2 ? undefined : linearRegression(timesMillis, values, timesMillis[0])[0])],
  [
    'predict_linear',
    ({ series: { timesMillis, values }, evalMillis, param }) => {
      if (values.length < 2) return undefined;
      const [slope, intercept] = linearRegression(timesMillis, values, evalMillis);
      return slope * param + intercept;
    },
  ],
  ['resets', ({ series: { values } }) => values.reduce((count, value, i) => (i > 0 && value < values[i - 1] ? count + 1 : count), 0)],
  [
    'changes',
    ({ series: { values } }) =>
      values.reduce((count, value, i) => (i > 0 && value !== values[i - 1] && !(Number.isNaN(value) && Number.isNaN(values[i - 1])) ? count + 1 : count), 0),
  ],
  ['avg_over_time', ({ series: { values } }) => average(values)],
  ['sum_over_time', ({ series: { values } }) => {
    let sum = 0, c = 0;
    for (const value of values) [sum, c] = kahanSumInc(value, sum, c);
    return Number.isFinite(sum) ? sum + c : sum;
  }],
  ['min_over_time', ({ series: { values } }) => values.reduce((min, value) => (value < min || Number.isNaN(min) ? value : min), values[0])],
  ['max_over_time', ({ series: { values } }) => values.reduce((max, value) => (value > max || Number.isNaN(max) ? value : max), values[0])],
  ['count_over_time', ({ series: { values } }) => values.length],
  ['stdvar_over_time', ({ series: { values } }) => variance(values)],
  ['stddev_over_time', ({ series: { values } }) => Math.sqrt(variance(values))],
  ['last_over_time', ({ series: { values } }) => values[values.length - 1]],
  ['present_over_time', () => 1],
  ['quantile_over_time', ({ series: { values }, param }) => quantile(param, [...values])],
]);
