/**
 * Scoring earlier forecasts against the actuals that arrived since (pure). A forecast is scored
 * once its whole horizon has been observed, with the M4 measures: sMAPE, MASE (scaled by the
 * in-sample mean absolute one-step change before the forecast: the naive forecast's error,
 * since capacity series have no fixed season) and the share of actuals inside the 95 % interval.
 */

export interface ForecastScore {
  readonly tenant: string;
  readonly forecastId: string;
  readonly fingerprint: bigint;
  readonly metricName: string;
  readonly resource: string;
  readonly horizon: string;
  readonly model: string;
  readonly generatedAtMillis: number;
  readonly scoredAtMillis: number;
  /** Forecast points that had an actual. */
  readonly points: number;
  readonly smape: number;
  /** NaN when the history was flat (no scale). */
  readonly mase: number;
  readonly coverage95: number;
  /** The back-test MASE the forecast carried when it was made, to compare promise and outcome. */
  readonly backtestMase: number | null;
}

export interface ScoreInput {
  readonly times: readonly number[];
  readonly point: readonly number[];
  readonly lower95: readonly number[];
  readonly upper95: readonly number[];
  /** Actual at a time (NaN when missing). */
  readonly actualAt: (timeMillis: number) => number;
  /** Finite history values up to the forecast's origin, for the MASE scale. */
  readonly history: ArrayLike<number>;
}

export interface Score {
  readonly points: number;
  readonly smape: number;
  readonly mase: number;
  readonly coverage95: number;
}

/** Scores one forecast; undefined when no actual lines up with it. */
export function scoreForecast(input: ScoreInput): Score | undefined {
  let points = 0;
  let smapeSum = 0;
  let absSum = 0;
  let covered = 0;
  for (let i = 0; i < input.times.length; i++) {
    const actual = input.actualAt(input.times[i]);
    const predicted = input.point[i];
    if (!Number.isFinite(actual) || !Number.isFinite(predicted)) continue;
    points += 1;
    const denominator = Math.abs(actual) + Math.abs(predicted);
    smapeSum += denominator === 0 ? 0 : (200 * Math.abs(actual - predicted)) / denominator;
    absSum += Math.abs(actual - predicted);
    if (actual >= input.lower95[i] && actual <= input.upper95[i]) covered += 1;
  }
  if (points === 0) return undefined;
  const scale = naiveScale(input.history);
  return { points, smape: smapeSum / points, mase: scale > 0 ? absSum / points / scale : Number.NaN, coverage95: covered / points };
}

/** Mean absolute one-step change of the finite values (0 when fewer than two). */
export function naiveScale(values: ArrayLike<number>): number {
  let previous = Number.NaN;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) continue;
    if (Number.isFinite(previous)) {
      sum += Math.abs(value - previous);
      count += 1;
    }
    previous = value;
  }
  return count === 0 ? 0 : sum / count;
}

/** Mean of each measure over scores (the aggregate exported on /metrics); NaN measures are left out. */
export function aggregateScores(scores: Iterable<Pick<Score, 'smape' | 'mase' | 'coverage95'>>): { series: number; smape: number; mase: number; coverage95: number } {
  let series = 0;
  let smape = 0;
  let coverage = 0;
  let mase = 0;
  let maseCount = 0;
  for (const score of scores) {
    series += 1;
    smape += score.smape;
    coverage += score.coverage95;
    if (Number.isFinite(score.mase)) {
      mase += score.mase;
      maseCount += 1;
    }
  }
  return { series, smape: series ? smape / series : Number.NaN, mase: maseCount ? mase / maseCount : Number.NaN, coverage95: series ? coverage / series : Number.NaN };
}
