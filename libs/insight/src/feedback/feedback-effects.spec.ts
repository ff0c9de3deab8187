import { finishInsight } from '../insights/insight-identity';
import { applyInsightFeedback, sensitivityFor, trustFactor, type Feedback } from './feedback-effects';

const now = Date.UTC(2026, 2, 10);
const DAY = 86_400_000;
const fb = (kind: Feedback['kind'], daysAgo = 0): Feedback => ({
  kind,
  targetId: 'fp-1',
  targetType: 'anomaly',
  atMillis: now - daysAgo * DAY,
});

describe('feedback effects', () => {
  const insight = finishInsight(
    {
      type: 'ANOMALY',
      subject: 'series:fp-1',
      service: 'cart',
      title: 't',
      summary: 's',
      evidence: [],
      confidence: 0.6,
      impact: 0.5,
      recommendation: 'r',
    },
    now,
  );

  it('acknowledging marks the insight as being handled; a false positive dismisses it and halves confidence', () => {
    expect(applyInsightFeedback(insight, fb('acknowledged')).status).toBe('acknowledged');
    const dismissed = applyInsightFeedback(insight, fb('false_positive'));
    expect(dismissed.status).toBe('dismissed');
    expect(dismissed.confidence).toBe(0.3);
    expect(applyInsightFeedback(insight, fb('useful')).confidence).toBe(0.8);
  });

  it('makes a series less sensitive with each false positive, within bounds, and lets it fade', () => {
    const none = sensitivityFor([], now);
    const one = sensitivityFor([fb('false_positive')], now);
    const many = sensitivityFor(
      Array.from({ length: 20 }, () => fb('false_positive')),
      now,
    );
    const old = sensitivityFor([fb('false_positive', 28)], now);
    const acknowledged = sensitivityFor([fb('acknowledged')], now);

    expect(none.thresholdMultiplier).toBe(1);
    expect(one.thresholdMultiplier).toBe(1.25);
    expect(many.thresholdMultiplier).toBe(3);
    expect(old.thresholdMultiplier).toBeCloseTo(Math.pow(1.25, 0.25), 3);
    expect(acknowledged.thresholdMultiplier).toBe(1);
  });

  it('gives back sensitivity for useful feedback', () => {
    const mixed = sensitivityFor([fb('false_positive'), fb('useful'), fb('useful')], now);

    expect(mixed.thresholdMultiplier).toBeLessThan(1.25);
    expect(
      sensitivityFor([fb('useful'), fb('useful'), fb('useful'), fb('useful')], now).thresholdMultiplier,
    ).toBe(0.8);
  });

  it('trusts a kind of insight more after useful feedback and less after false positives', () => {
    expect(trustFactor([])).toBe(1);
    expect(trustFactor([fb('useful'), fb('useful'), fb('useful')])).toBeGreaterThan(1.2);
    expect(trustFactor([fb('false_positive'), fb('false_positive'), fb('false_positive')])).toBeLessThan(0.8);
  });
});
