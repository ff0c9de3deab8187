/** Small numeric helpers shared by the forecasters. All functions ignore nothing: callers pass finite data. */

export function mean(values: ArrayLike<number>, from = 0, to = values.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i];
  return to > from ? sum / (to - from) : NaN;
}

export function variance(values: ArrayLike<number>): number {
  const m = mean(values);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += (values[i] - m) ** 2;
  return values.length > 1 ? sum / (values.length - 1) : 0;
}

/** Linear-interpolated quantile (type 7, as R's default) of an unsorted sample. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).sort();
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/** Sample autocorrelation at lags 1..maxLag (index 0 holds lag 0 = 1). */
export function acf(values: ArrayLike<number>, maxLag: number): Float64Array {
  const n = values.length;
  const m = mean(values);
  let denom = 0;
  for (let i = 0; i < n; i++) denom += (values[i] - m) ** 2;
  const out = new Float64Array(maxLag + 1);
  out[0] = 1;
  if (denom === 0) return out;
  for (let lag = 1; lag <= maxLag && lag < n; lag++) {
    let num = 0;
    for (let i = lag; i < n; i++) num += (values[i] - m) * (values[i - lag] - m);
    out[lag] = num / denom;
  }
  return out;
}

/** Ordinary least-squares line through (i, values[i]). */
export function linearFit(values: ArrayLike<number>): { intercept: number; slope: number } {
  const n = values.length;
  if (n < 2) return { intercept: n === 1 ? values[0] : 0, slope: 0 };
  const xMean = (n - 1) / 2;
  const yMean = mean(values);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - xMean) * (values[i] - yMean);
    sxx += (i - xMean) ** 2;
  }
  const slope = sxy / sxx;
  return { intercept: yMean - slope * xMean, slope };
}

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - pLow) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}
