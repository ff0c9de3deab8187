/**
 * The series' normal behaviour: a fast and a slow robust level, robust scales of the residuals
 * around each, and seasonal profiles for the calendar periods a metric can have (hour, day, and
 * day + weekday). Which period applies is found from the data: each candidate's profile is learnt
 * all the time and the one that explains the most variance (at least `MIN_EXPLAINED`) is used.
 * All state is in typed arrays of fixed size (see state-codec.ts).
 */

const HOUR_MILLIS = 3_600_000;
const DAY_MILLIS = 86_400_000;
const WEEK_MILLIS = 7 * DAY_MILLIS;
const HOUR_BINS = 12;
const DAY_BINS = 48;
const WEEKDAYS = 7;
/** Share of the variance around the level a profile must explain before it is used. */
const MIN_EXPLAINED = 0.3;
/** A residual counts at most this many robust sigmas when it updates levels and scales. */
const CLIP_SIGMAS = 4;
/** Mean absolute deviation → standard deviation for Gaussian noise (√(π/2)). */
const MAD_TO_SIGMA = 1.2533141373155;
const FAST_LEVEL_ALPHA = 0.15;

export enum Season {
  None = 0,
  Hour = 1,
  Day = 2,
  Week = 3,
}

export const SEASON_NAMES = ['none', 'hourly', 'daily', 'weekly'] as const;

// Slots of the scalar state.
const N = 0;
const FAST_LEVEL = 1;
const SLOW_LEVEL = 2;
const FAST_MAD = 3;
const SLOW_MAD = 4;
const FIRST_TS = 5;
const LAST_TS = 6;
const STEP_MILLIS = 7;
const MSE_NONE = 8; // MSE_NONE + Season gives each candidate's mean squared residual
const SELECTED = 12;
const SLOTS = 13;

/** What the baseline expected for one point, computed before the point updates it. */
export interface BaselineView {
  /** Expected value (fast level + seasonal offset). */
  expected: number;
  /** Residual around `expected` in robust sigmas (signed). */
  fastZ: number;
  /** Residual around the slow level + seasonal offset in robust sigmas (signed). */
  slowZ: number;
  /** Robust sigma of the fast residual (value units). */
  sigma: number;
  /** Seasonal offset included in `expected`. */
  seasonal: number;
  season: Season;
}

export class Baseline {
  readonly scalars = new Float64Array(SLOTS);
  readonly hour = new Float32Array(HOUR_BINS);
  readonly day = new Float32Array(DAY_BINS);
  readonly weekday = new Float32Array(WEEKDAYS);
  /** Reused result object: the hot path allocates nothing. */
  private readonly view: BaselineView = { expected: 0, fastZ: 0, slowZ: 0, sigma: 0, seasonal: 0, season: Season.None };

  constructor(private readonly horizonPoints: number) {}

  get count(): number {
    return this.scalars[N];
  }

  get slowLevel(): number {
    return this.scalars[SLOW_LEVEL];
  }

  get season(): Season {
    return this.scalars[SELECTED] as Season;
  }

  stateArrays(): Array<Float64Array | Float32Array> {
    return [this.scalars, this.hour, this.day, this.weekday];
  }

  /** Moves the slow level to the fast one: after a confirmed level shift the new level is normal. */
  reanchor(): void {
    this.scalars[SLOW_LEVEL] = this.scalars[FAST_LEVEL];
    this.scalars[SLOW_MAD] = Math.max(this.scalars[SLOW_MAD], this.scalars[FAST_MAD]);
  }

  /** Scores `value` against what was learnt so far, then learns from it. */
  observe(timestampMillis: number, value: number): BaselineView {
    const s = this.scalars;
    const v = this.view;
    const n = s[N];
    if (n === 0) {
      s[FAST_LEVEL] = value;
      s[SLOW_LEVEL] = value;
      s[FIRST_TS] = timestampMillis;
      s[LAST_TS] = timestampMillis;
    }
    // Phases by floor division, not `%` on doubles (a slow library call in V8); exact for the
    // integer milliseconds timestamps are, and correct before 1970 too.
    const dayNumber = Math.floor(timestampMillis / DAY_MILLIS);
    const dayPhase = timestampMillis - dayNumber * DAY_MILLIS;
    const hourPhase = dayPhase - Math.floor(dayPhase / HOUR_MILLIS) * HOUR_MILLIS;
    const hb = binOf(hourPhase, HOUR_MILLIS, HOUR_BINS);
    const db = binOf(dayPhase, DAY_MILLIS, DAY_BINS);
    const wd = ((dayNumber % WEEKDAYS) + WEEKDAYS) % WEEKDAYS;
    const season = s[SELECTED] as Season;
    const seasonal = offsetOf(season, this.hour[hb], this.day[db], this.weekday[wd]);

    const floor = 1e-9 + 1e-6 * Math.abs(s[SLOW_LEVEL]);
    const sigma = Math.max(MAD_TO_SIGMA * s[FAST_MAD], floor);
    const slowSigma = Math.max(MAD_TO_SIGMA * s[SLOW_MAD], floor);
    const expected = s[FAST_LEVEL] + seasonal;
    const fastResidual = value - expected;
    const slowResidual = value - s[SLOW_LEVEL] - seasonal;
    v.expected = expected;
    v.sigma = sigma;
    v.seasonal = seasonal;
    v.season = season;
    v.fastZ = n < 2 ? 0 : fastResidual / sigma;
    v.slowZ = n < 2 ? 0 : slowResidual / slowSigma;

    // Learn. Early on the rates are 1/n so the first points count fully; residuals are clipped so
    // one spike cannot drag the level or inflate the scale.
    const rate = Math.max(1 / (n + 1), 1 / this.horizonPoints);
    const warm = n >= 10;
    const clippedFast = warm ? clip(fastResidual, CLIP_SIGMAS * sigma) : fastResidual;
    const clippedSlow = warm ? clip(slowResidual, CLIP_SIGMAS * slowSigma) : slowResidual;
    s[FAST_LEVEL] += Math.max(FAST_LEVEL_ALPHA, rate) * clippedFast;
    s[SLOW_LEVEL] += rate * clippedSlow;
    s[FAST_MAD] += rate * (Math.abs(clippedFast) - s[FAST_MAD]);
    s[SLOW_MAD] += rate * (Math.abs(clippedSlow) - s[SLOW_MAD]);
    if (n > 0) s[STEP_MILLIS] += Math.max(1 / n, 0.05) * (timestampMillis - s[LAST_TS] - s[STEP_MILLIS]);

    this.learnSeasons(timestampMillis, value, hb, db, wd, rate, slowSigma);
    s[LAST_TS] = timestampMillis;
    s[N] = n + 1;
    return v;
  }

  private learnSeasons(t: number, value: number, hb: number, db: number, wd: number, rate: number, slowSigma: number): void {
    const s = this.scalars;
    const deviation = clip(value - s[SLOW_LEVEL], 6 * slowSigma + Math.abs(this.day[db]) + Math.abs(this.hour[hb]));
    const span = t - s[FIRST_TS];
    // Candidate residuals before this point updates the profiles: their running MSE ranks them.
    const eNone = deviation;
    const eHour = deviation - this.hour[hb];
    const eDay = deviation - this.day[db];
    const eWeek = eDay - this.weekday[wd];
    s[MSE_NONE + Season.None] += rate * (eNone * eNone - s[MSE_NONE + Season.None]);
    s[MSE_NONE + Season.Hour] += rate * (eHour * eHour - s[MSE_NONE + Season.Hour]);
    s[MSE_NONE + Season.Day] += rate * (eDay * eDay - s[MSE_NONE + Season.Day]);
    s[MSE_NONE + Season.Week] += rate * (eWeek * eWeek - s[MSE_NONE + Season.Week]);

    const step = Math.max(s[STEP_MILLIS], 1);
    this.hour[hb] += profileRate(span, HOUR_MILLIS, HOUR_BINS, step, 0.1) * (deviation - this.hour[hb]);
    this.day[db] += profileRate(span, DAY_MILLIS, DAY_BINS, step, 0.15) * (deviation - this.day[db]);
    this.weekday[wd] += profileRate(span, WEEK_MILLIS, WEEKDAYS, step, 0.2) * (eDay - this.weekday[wd]);

    // Pick the period: a candidate is eligible once two full periods were seen and a period holds
    // enough points for its bins; among eligible ones the lowest residual MSE wins if it explains
    // at least MIN_EXPLAINED of the variance.
    // (Three plain tests rather than a helper closure: this runs on every point.)
    let best = Season.None;
    let bestMse = s[MSE_NONE] * (1 - MIN_EXPLAINED);
    if (eligible(span, HOUR_MILLIS, HOUR_BINS, step) && s[MSE_NONE + Season.Hour] < bestMse) {
      bestMse = s[MSE_NONE + Season.Hour];
      best = Season.Hour;
    }
    if (eligible(span, DAY_MILLIS, DAY_BINS, step) && s[MSE_NONE + Season.Day] < bestMse) {
      bestMse = s[MSE_NONE + Season.Day];
      best = Season.Day;
    }
    if (eligible(span, WEEK_MILLIS, DAY_BINS, step) && s[MSE_NONE + Season.Week] < bestMse) best = Season.Week;
    s[SELECTED] = best;
  }
}

/** A candidate period may be chosen once two full periods were seen and a period holds enough points for its bins. */
function eligible(spanMillis: number, periodMillis: number, bins: number, stepMillis: number): boolean {
  return spanMillis >= 2 * periodMillis && periodMillis / bins >= stepMillis * 0.5;
}

/** Bin of a phase in [0, period). */
function binOf(phase: number, period: number, bins: number): number {
  const b = Math.floor((phase / period) * bins);
  return b < bins - 1 ? b : bins - 1;
}

function offsetOf(season: Season, hour: number, day: number, weekday: number): number {
  switch (season) {
    case Season.Hour:
      return hour;
    case Season.Day:
      return day;
    case Season.Week:
      return day + weekday;
    default:
      return 0;
  }
}

/**
 * Learning rate of one visit to a profile bin: a bin learns fast in its first periods, then at
 * `floorRatePerPeriod` per period however many points fall into the bin each period, so one odd
 * day moves a daily profile by about that share whatever the sampling step.
 */
function profileRate(spanMillis: number, periodMillis: number, bins: number, stepMillis: number, floorRatePerPeriod: number): number {
  const visitsPerPeriod = Math.max(1, periodMillis / bins / stepMillis);
  return Math.max(floorRatePerPeriod, 1 / (1 + Math.floor(spanMillis / periodMillis))) / visitsPerPeriod;
}

function clip(x: number, limit: number): number {
  return x > limit ? limit : x < -limit ? -limit : x;
}
