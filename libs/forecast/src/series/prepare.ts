/**
 * Turns raw samples into a gap-free series the models can fit: non-finite values are gaps,
 * leading and trailing gaps are dropped (nothing to interpolate from), interior gaps are filled.
 * A gap longer than a few steps inside a seasonal series is filled from one period earlier,
 * shifted to join its neighbours, so a missing afternoon does not flatten the daily shape.
 */

export interface PreparedSeries {
  /** Gap-free values, oldest first. */
  readonly values: Float64Array;
  /** Index in the raw input of values[0]. */
  readonly offset: number;
  /** How many interior points were filled. */
  readonly filledCount: number;
  /** How many non-finite points trail the input (the forecast still starts after the raw end). */
  readonly trailingGapCount: number;
}

/** Gaps up to this many steps are filled by straight lines even in seasonal series. */
const MAX_LINEAR_GAP_STEPS = 3;

export function prepareSeries(raw: ArrayLike<number>, seasonalPeriod = 0): PreparedSeries {
  let first = 0;
  while (first < raw.length && !Number.isFinite(raw[first])) first++;
  let last = raw.length - 1;
  while (last >= first && !Number.isFinite(raw[last])) last--;
  if (last < first) return { values: new Float64Array(0), offset: raw.length, filledCount: 0, trailingGapCount: raw.length };

  const values = new Float64Array(last - first + 1);
  let filledCount = 0;
  for (let i = 0; i < values.length; i++) values[i] = raw[first + i];
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) continue;
    let end = i;
    while (!Number.isFinite(values[end])) end++;
    fillGap(values, i, end, seasonalPeriod);
    filledCount += end - i;
    i = end;
  }
  return { values, offset: first, filledCount, trailingGapCount: raw.length - 1 - last };
}

/** Fills values[start..end) given finite values at start-1 and end. */
function fillGap(values: Float64Array, start: number, end: number, period: number): void {
  const before = values[start - 1];
  const after = values[end];
  const length = end - start;
  const seasonal = period > 1 && length > MAX_LINEAR_GAP_STEPS && start - period >= 0;
  if (!seasonal) {
    for (let k = 0; k < length; k++) values[start + k] = before + ((after - before) * (k + 1)) / (length + 1);
    return;
  }
  // Copy the previous cycle, then tilt it so both ends meet the observed neighbours.
  const shiftStart = before - values[start - 1 - period];
  const afterRef = end - period >= 0 && Number.isFinite(values[end - period]) ? values[end - period] : after;
  const shiftEnd = after - afterRef;
  for (let k = 0; k < length; k++) {
    const w = (k + 1) / (length + 1);
    values[start + k] = values[start + k - period] + shiftStart * (1 - w) + shiftEnd * w;
  }
}
