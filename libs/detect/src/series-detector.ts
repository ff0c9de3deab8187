/**
 * One series' detector: feeds each point to the baseline and to every detector, calibrates each
 * detector's signal into a tail probability, keeps the strongest (Bonferroni-corrected), and turns
 * it into a verdict with an expected band, a type, a severity and an explanation.
 *
 * Pure and deterministic: time comes in with each point, randomness only from the seed, and the
 * whole state is a fixed set of typed arrays, so `snapshot()`/`restore()` round-trip exactly.
 */
import { Baseline, SEASON_NAMES, Season } from './baseline';
import { Calibrator } from './calibration';
import { LevelShift, Sustained, TrendChange } from './change';
import type { DetectConfig } from './config';
import { makeDetectConfig } from './config';
import { HalfSpaceTrees, HST_DIMS } from './half-space-trees';
import { CONTEXT_CALIBRATION_START, ContextNovelty } from './context';
import { decodeStateInto, encodeState, stateBytes } from './state-codec';
import type { AnomalyType, DetectorName, Verdict } from './verdict';
import { explain, severityOf } from './verdict';

const enum Signal {
  Residual = 0,
  Sustained = 1,
  Cusum = 2,
  Trend = 3,
  Trees = 4,
  /** The contextual tier: calibrated by its own calibrator, appended to the state (format v2). */
  Context = 5,
}
/** Signals of the calibrator shared by the statistical and ML tiers (snapshot format v1 layout). */
const SIGNALS = 5;
const DETECTOR_NAMES: readonly DetectorName[] = ['residual', 'sustained', 'cusum', 'trend', 'half-space-trees', 'context'];

// Scalar slots of the detector itself.
const COUNT = 0;
const RECENT_MAX = 1;
const FEEDBACK = 2;
const PREV_FAST_Z = 3;
const LAST_TS = 4;
/** Per-signal counts of calibrated values. */
const CALIBRATED = 5;
const SINCE_ALARM = CALIBRATED + 5;
const SLOTS = CALIBRATED + 6;
const LOG10_SIGNALS = Math.log10(SIGNALS);
const LOG10_SIGNALS_WITHOUT_TREES = Math.log10(SIGNALS - 1);
/** The context signal's novelty share (0–1) scaled into the calibrator's bins (edges from 0.25 up). */
const CONTEXT_SCALE = 10;

// Slots of the last step's outcome (scratch, not state: a verdict is built from them).
const OUT_SCORE = 0;
const OUT_ALERT_SCORE = 1;
const OUT_LOG10_TAIL = 2;
const OUT_STRONGEST = 3;
const OUT_EXPECTED = 4;
const OUT_SIGMA = 5;
const OUT_SEASON = 6;
const OUT_LEARNING = 7;
const OUT_SLOTS = 8;
/** Points the baseline needs before its residuals are worth calibrating (its scales start at 0). */
const CALIBRATION_START = 30;

/** Each false-positive report multiplies the series' evidence by this, down to the floor. */
const FEEDBACK_STEP = 0.85;
const FEEDBACK_FLOOR = 0.5;

/** Maps a z-score into (0, 1) for the trees' unit cube. */
const squash = (z: number): number => 0.5 + 0.5 * Math.tanh(z / 4);

export class SeriesDetector {
  readonly config: DetectConfig;
  private readonly scalars = new Float64Array(SLOTS);
  private readonly baseline: Baseline;
  private readonly cusum = new LevelShift();
  private readonly trend: TrendChange;
  private readonly sustained = new Sustained();
  private readonly trees: HalfSpaceTrees;
  private readonly calibrator: Calibrator;
  private readonly features = new Float64Array(HST_DIMS);
  private readonly log10p = new Float64Array(SIGNALS + 1);
  private readonly statistic = new Float64Array(SIGNALS + 1);
  /** The contextual tier and its calibrator; null when `contextTier` is off. */
  private readonly context: ContextNovelty | null;
  private readonly contextCalibrator: Calibrator | null;
  /** The last step's results, read by `observe` to build a verdict. */
  private readonly outcome = new Float64Array(OUT_SLOTS);
  private readonly holdOffDecay: number;

  constructor(config: Partial<DetectConfig> = {}) {
    this.config = makeDetectConfig(config);
    this.baseline = new Baseline(this.config.baselineHorizonPoints);
    this.trend = new TrendChange(this.config.baselineHorizonPoints);
    this.trees = new HalfSpaceTrees(this.config.seed);
    this.calibrator = new Calibrator(SIGNALS, this.config.calibrationHorizonPoints);
    this.context = this.config.contextTier ? new ContextNovelty() : null;
    this.contextCalibrator = this.config.contextTier ? new Calibrator(1, this.config.calibrationHorizonPoints) : null;
    this.holdOffDecay = 1 - 1 / Math.max(1, this.config.holdOffPoints);
    this.scalars[FEEDBACK] = 1;
    this.scalars[SINCE_ALARM] = Number.MAX_SAFE_INTEGER;
    this.scalars[LAST_TS] = -Infinity;
  }

  /** Rebuilds a detector from `snapshot()` bytes; it continues exactly as the original would. */
  static restore(config: Partial<DetectConfig>, bytes: Uint8Array): SeriesDetector {
    const detector = new SeriesDetector(config);
    // A format-1 snapshot predates the contextual tier: it holds exactly the other tiers' arrays,
    // which resume as they were; the contextual tier starts learning from here.
    decodeStateInto(bytes, detector.stateArrays(), detector.stateArrays(false));
    return detector;
  }

  /** The whole state as bytes (≤ 2 KB); pair with `SeriesDetector.restore`. */
  snapshot(): Uint8Array {
    return encodeState(this.stateArrays());
  }

  /** Size of `snapshot()` in bytes (fixed for a code version). */
  get stateBytes(): number {
    return stateBytes(this.stateArrays());
  }

  /** Points observed so far. */
  get count(): number {
    return this.scalars[COUNT];
  }

  /** Current multiplier from false-positive feedback (1 = none, ≥ 0.5). */
  get feedbackFactor(): number {
    return this.scalars[FEEDBACK];
  }

  /**
   * A user marked an alarm of this series as a false positive: the series needs ~18% more
   * evidence from now on, down to half the evidence weight after four or more reports.
   */
  falsePositiveFeedback(): void {
    this.scalars[FEEDBACK] = Math.max(FEEDBACK_FLOOR, this.scalars[FEEDBACK] * FEEDBACK_STEP);
  }

  /** Undo feedback: back to the configured sensitivity. */
  resetFeedback(): void {
    this.scalars[FEEDBACK] = 1;
  }

  /**
   * Scores one point and learns from it. Points must come in time order; a point not after the
   * previous one is scored against the model but not learnt (a replayed duplicate changes nothing).
   */
  observe(timestampMillis: number, value: number): Verdict {
    if (!this.step(timestampMillis, value)) return this.unchanged(timestampMillis, value);
    const o = this.outcome;
    const cfg = this.config;
    const score = o[OUT_SCORE];
    const alertScore = o[OUT_ALERT_SCORE];
    const strongest = o[OUT_STRONGEST] as Signal;
    const expected = o[OUT_EXPECTED];
    const sigma = o[OUT_SIGMA];
    const half = cfg.bandSigmas * sigma;
    const lower = expected - half;
    const upper = expected + half;
    const detector = DETECTOR_NAMES[strongest];
    const season = o[OUT_SEASON] as Season;
    const tailProbability = Math.pow(10, o[OUT_LOG10_TAIL]);
    const alarmed = score >= cfg.alarmScore;
    return {
      timestampMillis,
      value,
      score,
      tailProbability,
      alertScore,
      isAnomaly: alertScore >= cfg.alarmScore,
      learning: o[OUT_LEARNING] === 1,
      expected,
      lower,
      upper,
      type: typeOf(strongest, season, this.statistic[Signal.Residual]),
      severity: severityOf(score, cfg.alarmScore),
      detector,
      explanation: alarmed
        ? explain({ detector, value, expected, lower, upper, sigma, statistic: this.statistic[strongest], seasonName: SEASON_NAMES[season], tailProbability })
        : '',
    };
  }

  /**
   * `observe` without the verdict: scores and learns one point and returns its `alertScore`
   * (0 when held off, learning, or not learnt). Allocates nothing, so bulk scoring (the NAB runner,
   * backfills, benches) pays only for the detectors; the state it leaves is identical to `observe`'s.
   */
  observeScore(timestampMillis: number, value: number): number {
    return this.step(timestampMillis, value) ? this.outcome[OUT_ALERT_SCORE] : 0;
  }

  /**
   * The detection step shared by `observe` and `observeScore`: learns the point and writes what a
   * verdict needs into `outcome` (typed slots, no objects). False for a point that is not learnt.
   */
  private step(timestampMillis: number, value: number): boolean {
    const s = this.scalars;
    const cfg = this.config;
    if (!Number.isFinite(value) || timestampMillis <= s[LAST_TS]) return false;
    s[LAST_TS] = timestampMillis;
    const n = s[COUNT];
    s[COUNT] = n + 1;

    const b = this.baseline.observe(timestampMillis, value);
    const st = this.statistic;
    st[Signal.Residual] = b.fastZ;
    st[Signal.Sustained] = this.sustained.observe(b.fastZ);
    st[Signal.Cusum] = this.cusum.observe(b.slowZ) * this.cusum.direction;
    st[Signal.Trend] = this.trend.observe(b.expected - b.seasonal, b.sigma);
    const lp = this.log10p;
    const cal = this.calibrator;
    for (let k = 0; k < SIGNALS; k++) lp[k] = 0;
    if (n >= CALIBRATION_START) {
      for (let k = Signal.Residual; k <= Signal.Trend; k++) {
        const x = st[k];
        lp[k] = cal.log10Tail(k, x < 0 ? -x : x, s[CALIBRATED + k]++);
      }
    }
    if (cfg.mlTier) {
      const f = this.features;
      f[0] = squash(b.fastZ);
      f[1] = squash(s[PREV_FAST_Z]);
      f[2] = squash(b.slowZ);
      const ready = this.trees.ready;
      const surprise = this.trees.observe(f);
      st[Signal.Trees] = Math.exp(-surprise);
      if (ready) lp[Signal.Trees] = cal.log10Tail(Signal.Trees, surprise, s[CALIBRATED + Signal.Trees]++);
    }
    s[PREV_FAST_Z] = b.fastZ;
    if (this.context && this.contextCalibrator) {
      // Fed the raw value: a pattern is a sequence of values, whatever the baseline made of them.
      const seen = this.context.count;
      const novelty = this.context.observe(value);
      st[Signal.Context] = novelty;
      if (seen >= CONTEXT_CALIBRATION_START) lp[Signal.Context] = this.contextCalibrator.log10Tail(0, CONTEXT_SCALE * novelty, seen - CONTEXT_CALIBRATION_START);
      else lp[Signal.Context] = 0;
    }

    let strongest = 0;
    const signals = this.context ? SIGNALS + 1 : SIGNALS;
    for (let k = 1; k < signals; k++) if (lp[k] < lp[strongest]) strongest = k;
    // The contextual signal is not counted in the Bonferroni correction: counting it raises the bar
    // for every other detector and cost 0.6 NAB points (decision 168).
    const bonferroni = lp[strongest] + (cfg.mlTier ? LOG10_SIGNALS : LOG10_SIGNALS_WITHOUT_TREES);
    const log10Tail = bonferroni < 0 ? bonferroni : 0;
    const learning = n < cfg.warmupPoints;
    const evidence = learning ? 0 : -log10Tail * cfg.sensitivity * s[FEEDBACK];
    const score = evidence / (evidence + cfg.halfScoreEvidenceLog10);

    // Hold-off: a score is news only if it beats the recent maximum, which decays by a factor
    // (1 − 1/holdOffPoints) per point. Independent of any threshold, an episode yields one alert
    // (or a few, each stronger than the last, and never two within minPointsBetweenAlarms), and a
    // bigger episode silences the series for longer.
    const recentMax = s[RECENT_MAX];
    const heldOff = score <= recentMax || s[SINCE_ALARM] < cfg.minPointsBetweenAlarms;
    s[SINCE_ALARM]++;
    const decayed = recentMax * this.holdOffDecay;
    s[RECENT_MAX] = score > decayed ? score : decayed;
    if (score >= cfg.alarmScore && !heldOff) {
      this.acceptEpisode();
      s[SINCE_ALARM] = 0;
    }

    const o = this.outcome;
    o[OUT_SCORE] = score;
    o[OUT_ALERT_SCORE] = heldOff ? 0 : score;
    o[OUT_LOG10_TAIL] = log10Tail;
    o[OUT_STRONGEST] = strongest;
    o[OUT_EXPECTED] = b.expected;
    o[OUT_SIGMA] = b.sigma;
    o[OUT_SEASON] = b.season;
    o[OUT_LEARNING] = learning ? 1 : 0;
    return true;
  }

  /** After an alarm the episode is news no more: change detectors restart from the new normal. */
  private acceptEpisode(): void {
    this.cusum.reset();
    this.baseline.reanchor();
    this.trend.reset();
    this.sustained.reset();
  }

  private unchanged(timestampMillis: number, value: number): Verdict {
    const b = this.baseline;
    return {
      timestampMillis,
      value,
      score: 0,
      tailProbability: 1,
      alertScore: 0,
      isAnomaly: false,
      learning: this.count < this.config.warmupPoints,
      expected: b.slowLevel,
      lower: b.slowLevel,
      upper: b.slowLevel,
      type: 'OUTLIER',
      severity: 'LOW',
      detector: 'residual',
      explanation: '',
    };
  }

  /** The state's typed arrays; `withContext` false gives the format-1 layout (no contextual tier). */
  private stateArrays(withContext = true): Array<Float64Array | Float32Array | Uint8Array> {
    const context = withContext && this.context && this.contextCalibrator ? [...this.contextCalibrator.stateArrays(), ...this.context.stateArrays()] : [];
    return [
      this.scalars,
      ...this.baseline.stateArrays(),
      ...this.cusum.stateArrays(),
      ...this.trend.stateArrays(),
      ...this.sustained.stateArrays(),
      ...this.calibrator.stateArrays(),
      ...this.trees.stateArrays(),
      ...context,
    ];
  }
}

function typeOf(signal: Signal, season: Season, residualZ: number): AnomalyType {
  switch (signal) {
    case Signal.Residual:
      return Math.abs(residualZ) >= 6 ? 'SPIKE' : 'OUTLIER';
    case Signal.Sustained:
      return season === Season.None ? 'DRIFT' : 'SEASONAL';
    case Signal.Cusum:
      return 'DRIFT';
    case Signal.Trend:
      return 'TREND';
    case Signal.Trees:
      return 'OUTLIER';
    case Signal.Context:
      return 'OUTLIER';
  }
}
