/**
 * What feedback does, as pure functions: on an insight (status, confidence), on a series'
 * anomaly sensitivity (so the same false alarm does not return), and on how much Vigil trusts
 * a kind of insight for a service.
 */
import type { Insight } from '../insights/insight-types';

export type FeedbackKind = 'useful' | 'false_positive' | 'acknowledged';

export interface Feedback {
  kind: FeedbackKind;
  /** Insight id or series fingerprint. */
  targetId: string;
  targetType: 'insight' | 'anomaly';
  atMillis: number;
  /** Free text; for incidents, what fixed it. */
  notes?: string;
  user?: string;
}

/** Applies one feedback to an insight. Acknowledging keeps it visible to others as being handled. */
export function applyInsightFeedback(insight: Insight, feedback: Feedback): Insight {
  switch (feedback.kind) {
    case 'acknowledged':
      return { ...insight, status: insight.status === 'expired' ? 'expired' : 'acknowledged' };
    case 'useful':
      return { ...insight, confidence: Math.min(1, insight.confidence + (1 - insight.confidence) * 0.5) };
    case 'false_positive':
      return {
        ...insight,
        status: 'dismissed',
        confidence: Math.round(insight.confidence * 0.5 * 1000) / 1000,
      };
  }
}

export interface SensitivityAdjustment {
  /** Multiply the detector's alert threshold by this (> 1 = less sensitive). */
  thresholdMultiplier: number;
  /** False positives counted after decay. */
  falsePositiveWeight: number;
  usefulWeight: number;
}

export interface SensitivityOptions {
  /** Threshold growth per (decayed) false positive. */
  stepPerFalsePositive: number;
  /** Never less sensitive than this. */
  maxMultiplier: number;
  /** Never more sensitive than this. */
  minMultiplier: number;
  /** Feedback loses half its weight after this long. */
  halfLifeMillis: number;
}

export const DEFAULT_SENSITIVITY_OPTIONS: Readonly<SensitivityOptions> = Object.freeze({
  stepPerFalsePositive: 0.25,
  maxMultiplier: 3,
  minMultiplier: 0.8,
  halfLifeMillis: 14 * 86_400_000,
});

/**
 * Threshold multiplier for one series from its anomaly feedback: each false positive makes the
 * series less sensitive, each useful one more, both fading with a half-life so a series that
 * changes behaviour is not muted forever. Acknowledgements do not change sensitivity.
 */
export function sensitivityFor(
  history: readonly Feedback[],
  nowMillis: number,
  overrides: Partial<SensitivityOptions> = {},
): SensitivityAdjustment {
  const o = { ...DEFAULT_SENSITIVITY_OPTIONS, ...overrides };
  let falsePositiveWeight = 0;
  let usefulWeight = 0;
  for (const f of history) {
    const age = Math.max(0, nowMillis - f.atMillis);
    const weight = Math.pow(0.5, age / o.halfLifeMillis);
    if (f.kind === 'false_positive') falsePositiveWeight += weight;
    else if (f.kind === 'useful') usefulWeight += weight;
  }
  const raw =
    Math.pow(1 + o.stepPerFalsePositive, falsePositiveWeight) /
    Math.pow(1 + o.stepPerFalsePositive / 2, usefulWeight);
  return {
    thresholdMultiplier: Math.round(Math.min(o.maxMultiplier, Math.max(o.minMultiplier, raw)) * 1000) / 1000,
    falsePositiveWeight,
    usefulWeight,
  };
}

/**
 * Trust in a kind of insight (e.g. `ANOMALY` for service `cart`) from its feedback: the mean of
 * a Beta(1, 1) prior updated with useful vs false-positive counts, scaled to [0.5, 1.5] so it can
 * multiply an insight's confidence.
 */
export function trustFactor(feedback: readonly Feedback[]): number {
  let useful = 0;
  let falsePositive = 0;
  for (const f of feedback) {
    if (f.kind === 'useful') useful += 1;
    else if (f.kind === 'false_positive') falsePositive += 1;
  }
  const mean = (1 + useful) / (2 + useful + falsePositive);
  return Math.round((0.5 + mean) * 1000) / 1000;
}
