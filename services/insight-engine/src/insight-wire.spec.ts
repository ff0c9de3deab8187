import { InsightCategory, Severity } from '@vigil/contracts';
import { costSpikeInsights, applyInsightFeedback } from '@vigil/insight';
import { toWireInsight } from './insight-wire';

describe('insight wire mapping', () => {
  const usage = Array.from({ length: 18 }, (_, i) => ({ timeMillis: i * 300_000, model: 'gpt-4o-mini', operation: 'chat', tokens: i < 15 ? 1_000 : 6_000, service: 'assistant' }));
  const [cost] = costSpikeInsights(usage, 18 * 300_000);

  it('sends COST insights as OPTIMIZATION with their priority as severity', () => {
    const wire = toWireInsight('acme', cost);

    expect(wire.category).toBe(InsightCategory.OPTIMIZATION);
    expect(wire.id).toBe(cost.id);
    expect(wire.id.startsWith('ins-cost-')).toBe(true);
    expect(wire.services).toEqual(['assistant']);
    expect([Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]).toContain(wire.severity);
    expect(wire.score).toBeCloseTo(cost.impact * cost.confidence, 3);
  });

  it('pushes a dismissed insight down and marks it stale from its last update', () => {
    const dismissed = applyInsightFeedback(cost, { kind: 'false_positive', targetId: cost.id, targetType: 'insight', atMillis: 0 });
    const wire = toWireInsight('acme', dismissed);

    expect(wire.score).toBeLessThan(toWireInsight('acme', cost).score / 10 + 1e-9);
    expect(wire.expiresAtUnixMs).toBe(dismissed.lastSeenMillis);
  });
});
