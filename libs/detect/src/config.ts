/**
 * Detector configuration: one configuration serves every series. Only sensitivity is meant to be
 * overridden per metric (and nudged per series by false-positive feedback); everything else is a
 * property of the method, tuned once on the benchmark corpus and never per file.
 */

export interface DetectConfig {
  /**
   * Multiplies the evidence (−log10 tail probability) before scoring: 1 = default, 2 = alarms on
   * evidence half as strong, 0.5 = needs twice the evidence. Range 0.1–10.
   */
  readonly sensitivity: number;
  /** Points seen before any score is emitted: the series' own learning period. */
  readonly warmupPoints: number;
  /** Score at or above which a point is an anomaly (`Verdict.isAnomaly`). */
  readonly alarmScore: number;
  /**
   * Hold-off time constant: a score alerts only if it beats the series' recent maximum score,
   * which decays by ×(1 − 1/holdOffPoints) per point (one alert per episode).
   */
  readonly holdOffPoints: number;
  /** After an alarm, points during which no further alarm fires, however strong. */
  readonly minPointsBetweenAlarms: number;
  /**
   * Evidence (−log10 tail probability) that maps to score 0.5: score = e / (e + halfScoreEvidenceLog10),
   * so the score never saturates and strong anomalies stay ranked against each other.
   */
  readonly halfScoreEvidenceLog10: number;
  /** Horizon (points) of the statistics that describe a series' normal behaviour. */
  readonly baselineHorizonPoints: number;
  /** Horizon (points) of the calibration statistics of each detector's signal. */
  readonly calibrationHorizonPoints: number;
  /** Half-width of the expected band in robust standard deviations. */
  readonly bandSigmas: number;
  /** Seed of the ML tier's random partitions; shared by every series, so it costs no state. */
  readonly seed: number;
  /** Run the ML tier (half-space trees) besides the statistical detectors. */
  readonly mlTier: boolean;
  /**
   * Run the contextual tier: novelty of short sequences of quantised values, which catches pattern
   * changes made of familiar values (decision 168). Adds 460 bytes of state per series (2,298 in all)
   * and raises NAB by ~2 points; off by default until the scale-out test passes with it (decision 168).
   */
  readonly contextTier: boolean;
}

export const DEFAULT_DETECT_CONFIG: DetectConfig = Object.freeze({
  sensitivity: 1,
  warmupPoints: 150,
  alarmScore: 0.65,
  holdOffPoints: 200,
  minPointsBetweenAlarms: 30,
  halfScoreEvidenceLog10: 2,
  baselineHorizonPoints: 400,
  calibrationHorizonPoints: 1000,
  bandSigmas: 3,
  seed: 0x5eed,
  mlTier: true,
  contextTier: false,
});

/** Thrown for a configuration that cannot be used; names the bad key. */
export class DetectConfigError extends Error {
  constructor(
    readonly key: keyof DetectConfig,
    reason: string,
  ) {
    super(`detect config: ${key} ${reason}`);
    this.name = 'DetectConfigError';
  }
}

/** Fills defaults and validates; the result is frozen. */
export function makeDetectConfig(overrides: Partial<DetectConfig> = {}): DetectConfig {
  const c: DetectConfig = { ...DEFAULT_DETECT_CONFIG, ...overrides };
  const check = (key: keyof DetectConfig, ok: boolean, reason: string): void => {
    if (!ok) throw new DetectConfigError(key, reason);
  };
  check('sensitivity', c.sensitivity >= 0.1 && c.sensitivity <= 10, 'must be within 0.1–10');
  check('warmupPoints', Number.isInteger(c.warmupPoints) && c.warmupPoints >= 10, 'must be an integer ≥ 10');
  check('alarmScore', c.alarmScore > 0 && c.alarmScore < 1, 'must be within (0, 1)');
  check('holdOffPoints', Number.isInteger(c.holdOffPoints) && c.holdOffPoints >= 0, 'must be an integer ≥ 0');
  check('minPointsBetweenAlarms', Number.isInteger(c.minPointsBetweenAlarms) && c.minPointsBetweenAlarms >= 0, 'must be an integer ≥ 0');
  check('halfScoreEvidenceLog10', c.halfScoreEvidenceLog10 > 0, 'must be > 0');
  check('baselineHorizonPoints', c.baselineHorizonPoints >= 20, 'must be ≥ 20');
  check('calibrationHorizonPoints', c.calibrationHorizonPoints >= 50, 'must be ≥ 50');
  check('bandSigmas', c.bandSigmas > 0, 'must be > 0');
  check('seed', Number.isInteger(c.seed), 'must be an integer');
  return Object.freeze(c);
}

/**
 * Per-metric sensitivity overrides on top of one shared configuration: the metric name is matched
 * exactly first, then by the longest prefix ending in `*` (`http_server_*`).
 */
export function configForMetric(base: DetectConfig, sensitivityByMetric: Readonly<Record<string, number>>, metricName: string): DetectConfig {
  let sensitivity = sensitivityByMetric[metricName];
  if (sensitivity === undefined) {
    let bestLength = -1;
    for (const [pattern, value] of Object.entries(sensitivityByMetric)) {
      if (!pattern.endsWith('*')) continue;
      const prefix = pattern.slice(0, -1);
      if (metricName.startsWith(prefix) && prefix.length > bestLength) {
        bestLength = prefix.length;
        sensitivity = value;
      }
    }
  }
  return sensitivity === undefined ? base : makeDetectConfig({ ...base, sensitivity });
}
