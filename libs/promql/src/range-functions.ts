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
  return ({ series: { timesMillis: t, values: v, begin, end }, rangeStartMillis, rangeEndMillis }) => {
    const n = end - begin;
    if (n < 2) return undefined;
    const first = v[begin];
    let result = v[end - 1] - first;
    if (isCounter) {
      let previous = 0;
      for (let i = begin; i < end; i++) {
        if (v[i] < previous) result += previous;
        previous = v[i];
      }
    }
    let durationToStart = (t[begin] - rangeStartMillis) / 1000;
    let durationToEnd = (rangeEndMillis - t[end - 1]) / 1000;
    const sampledInterval = (t[end - 1] - t[begin]) / 1000;
    const averageBetweenSamples = sampledInterval / (n - 1);
    const threshold = averageBetweenSamples * 1.1;
    if (durationToStart >= threshold) durationToStart = averageBetweenSamples / 2;
    if (isCounter && result > 0 && first >= 0) {
      // A counter cannot go below zero: do not extrapolate past the point where it would.
      const durationToZero = sampledInterval * (first / result);
      if (durationToZero < durationToStart) durationToStart = durationToZero;
    }
    if (durationToEnd >= threshold) durationToEnd = averageBetweenSamples / 2;
    let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
    if (isRate) factor /= (rangeEndMillis - rangeStartMillis) / 1000;
    return result * factor;
  };
}

function instant(isRate: boolean): RangeFunction {
  return ({ series: { timesMillis: t, values: v, begin, end } }) => {
    if (end - begin < 2) return undefined;
    const last = v[end - 1];
    const previous = v[end - 2];
    const result = isRate && last < previous ? last : last - previous;
    const intervalMillis = t[end - 1] - t[end - 2];
    if (intervalMillis === 0) return undefined;
    return isRate ? result / (intervalMillis / 1000) : result;
  };
}

/** Least-squares slope and intercept at `interceptMillis`, with Kahan sums (Prometheus's linearRegression). */
export function linearRegression(times: ArrayLike<number>, values: ArrayLike<number>, interceptMillis: number, begin = 0, end = values.length): [number, number] {
  let n = 0, sumX = 0, cX = 0, sumY = 0, cY = 0, sumXY = 0, cXY = 0, sumX2 = 0, cX2 = 0;
  const initial = values[begin];
  let constant = true;
  for (let i = begin; i < end; i++) {
    if (constant && i > begin && values[i] !== initial) constant = false;
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
export function average(values: ArrayLike<number>, begin = 0, end = values.length): number {
  let sum = values[begin];
  let compensation = 0;
  let mean = 0;
  let incremental = false;
  for (let i = begin + 1; i < end; i++) {
    const count = i - begin + 1;
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
  return sum / (end - begin) + compensation / (end - begin);
}

/** Welford's variance with Kahan-compensated running sums (stdvar_over_time). */
export function variance(values: ArrayLike<number>, begin = 0, end = values.length): number {
  let count = 0, mean = 0, cMean = 0, aux = 0, cAux = 0;
  for (let i = begin; i < end; i++) {
    const value = values[i];
    count++;
    const delta = value - (mean + cMean);
    [mean, cMean] = kahanSumInc(delta / count, mean, cMean);
    [aux, cAux] = kahanSumInc(delta * (value - (mean + cMean)), aux, cAux);
  }
  return (aux + cAux) / count;
}

/** Counts i in (begin, end) where `differs(v[i - 1], v[i])`. */
function countSteps({ values: v, begin, end }: RangeSeries, differs: (previous: number, value: number) => boolean): number {
  let count = 0;
  for (let i = begin + 1; i < end; i++) if (differs(v[i - 1], v[i])) count++;
  return count;
}

/** Folds the window with `pick(best, value)` starting from its first value (min/max_over_time). */
function extreme({ values: v, begin, end }: RangeSeries, better: (value: number, best: number) => boolean): number {
  let best = v[begin];
  for (let i = begin + 1; i < end; i++) if (better(v[i], best) || Number.isNaN(best)) best = v[i];
  return best;
}

export const RANGE_FUNCTIONS: ReadonlyMap<string, RangeFunction> = new Map<string, RangeFunction>([
  ['rate', extrapolated(true, true)],
  ['increase', extrapolated(true, false)],
  ['delta', extrapolated(false, false)],
  ['irate', instant(true)],
  ['idelta', instant(false)],
  ['deriv', ({ series: { timesMillis, values, begin, end } }) => (end - begin < 2 ? undefined : linearRegression(timesMillis, values, timesMillis[begin], begin, end)[0])],
  [
    'predict_linear',
    ({ series: { timesMillis, values, begin, end }, evalMillis, param }) => {
      if (end - begin < 2) return undefined;
      const [slope, intercept] = linearRegression(timesMillis, values, evalMillis, begin, end);
      return slope * param + intercept;
    },
  ],
  ['resets', ({ series }) => countSteps(series, (previous, value) => value < previous)],
  ['changes', ({ series }) => countSteps(series, (previous, value) => value !== previous && !(Number.isNaN(value) && Number.isNaN(previous)))],
  ['avg_over_time', ({ series: { values, begin, end } }) => average(values, begin, end)],
  ['sum_over_time', ({ series: { values, begin, end } }) => {
    let sum = 0, c = 0;
    for (let i = begin; i < end; i++) [sum, c] = kahanSumInc(values[i], sum, c);
    return Number.isFinite(sum) ? sum + c : sum;
  }],
  ['min_over_time', ({ series }) => extreme(series, (value, min) => value < min)],
  ['max_over_time', ({ series }) => extreme(series, (value, max) => value > max)],
  ['count_over_time', ({ series: { begin, end } }) => end - begin],
  ['stdvar_over_time', ({ series: { values, begin, end } }) => variance(values, begin, end)],
  ['stddev_over_time', ({ series: { values, begin, end } }) => Math.sqrt(variance(values, begin, end))],
  ['last_over_time', ({ series: { values, end } }) => values[end - 1]],
  ['present_over_time', () => 1],
  ['quantile_over_time', ({ series: { values, begin, end }, param }) => quantile(param, Array.from(values.subarray(begin, end)))],
]);
