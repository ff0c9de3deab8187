/**
 * What the detector says about one point, and the words it uses to say why. Kept apart from the
 * detectors so the service and the UI can depend on these types alone.
 */

export type AnomalyType = 'SPIKE' | 'DRIFT' | 'OUTLIER' | 'TREND' | 'SEASONAL';
export type Severity = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
/** The detector whose evidence was strongest for this point. */
export type DetectorName = 'residual' | 'sustained' | 'cusum' | 'trend' | 'half-space-trees' | 'context';

export interface Verdict {
  readonly timestampMillis: number;
  readonly value: number;
  /**
   * Calibrated anomaly score in [0, 1): with e = −log10(tailProbability) × sensitivity,
   * score = e / (e + halfScoreEvidenceLog10); with the defaults 0.5 means one-in-a-million.
   */
  readonly score: number;
  /** Probability, under the series' recent behaviour, of evidence at least this strong (Bonferroni over detectors). */
  readonly tailProbability: number;
  /** `score` when it beats the series' recent (decaying) maximum, else 0: one alert per episode. */
  readonly alertScore: number;
  /** score ≥ alarmScore outside a hold-off. */
  readonly isAnomaly: boolean;
  /** True while the series is still in its learning period (score is 0). */
  readonly learning: boolean;
  readonly expected: number;
  readonly lower: number;
  readonly upper: number;
  readonly type: AnomalyType;
  readonly severity: Severity;
  readonly detector: DetectorName;
  /** Why, in one sentence; empty for unremarkable points (score below alarmScore). */
  readonly explanation: string;
}

/** Severity grows with how far past the alarm score the evidence goes. */
export function severityOf(score: number, alarmScore: number): Severity {
  const past = (score - alarmScore) / (1 - alarmScore);
  if (past < 0.25) return 'LOW';
  if (past < 0.5) return 'MEDIUM';
  if (past < 0.85) return 'HIGH';
  return 'CRITICAL';
}

/** Facts an explanation is built from. */
export interface ExplanationFacts {
  readonly detector: DetectorName;
  readonly value: number;
  readonly expected: number;
  readonly lower: number;
  readonly upper: number;
  readonly sigma: number;
  /** Signed detector statistic (sigmas, sigmas per point, or cell share for the trees). */
  readonly statistic: number;
  readonly seasonName: string;
  readonly tailProbability: number;
}

const fmt = (x: number): string => {
  const a = Math.abs(x);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return x.toExponential(2);
  return Number(x.toPrecision(4)).toString();
};

/** One sentence: which detector, how far outside the band, how unlikely. */
export function explain(f: ExplanationFacts): string {
  const band = `expected ${fmt(f.lower)}–${fmt(f.upper)}`;
  const odds = `p≈${f.tailProbability.toExponential(1)}`;
  const side = f.value >= f.expected ? 'above' : 'below';
  const outside = f.value > f.upper ? f.value - f.upper : f.value < f.lower ? f.lower - f.value : 0;
  const beyond = outside > 0 ? `${fmt(outside / f.sigma)}σ ${side} the band` : `inside the band`;
  switch (f.detector) {
    case 'residual':
      return `value ${fmt(f.value)} is ${fmt(Math.abs(f.statistic))}σ ${side} the expected ${fmt(f.expected)} (${band}, ${beyond}; residual detector, ${odds})`;
    case 'sustained':
      return f.seasonName === 'none'
        ? `values have run ${fmt(Math.abs(f.statistic))}σ ${f.statistic >= 0 ? 'above' : 'below'} the expected level for several points (${band}; sustained-deviation detector, ${odds})`
        : `values have run ${fmt(Math.abs(f.statistic))}σ ${f.statistic >= 0 ? 'above' : 'below'} the ${f.seasonName} profile for several points (${band}; seasonal detector, ${odds})`;
    case 'cusum':
      return `level shifted ${f.statistic >= 0 ? 'up' : 'down'}: CUSUM reached ${fmt(Math.abs(f.statistic))}σ over the long-run level (${band}, value ${fmt(f.value)}; level-shift detector, ${odds})`;
    case 'trend':
      return `trend changed: the recent slope differs from the long-run slope by ${fmt(f.statistic)}σ (${band}, value ${fmt(f.value)}; trend detector, ${odds})`;
    case 'half-space-trees':
      return `unusual pattern: the last points fall where only ${fmt(100 * f.statistic)}% of recent points did (value ${fmt(f.value)}, ${band}; half-space-trees detector, ${odds})`;
    case 'context':
      return `pattern changed: ${fmt(100 * f.statistic)}% of the recent sequences of values are new to this series, although the values are familiar (value ${fmt(f.value)}, ${band}; context detector, ${odds})`;
  }
}
