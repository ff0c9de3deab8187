import { finishInsight } from './insight-identity';
import { expireInsights, mergeInsight, rankInsights, upsertInsights } from './insight-set';
import type { Insight } from './insight-types';

const t0 = Date.UTC(2026, 2, 10, 12);
const draft = (subject: string, impact: number, confidence: number, label = 'a') => ({
  type: 'ANOMALY' as const,
  subject,
  service: 'cart',
  title: `t ${subject}`,
  summary: 's',
  evidence: [{ kind: 'series' as const, ref: label, label }],
  confidence,
  impact,
  recommendation: 'r',
});

describe('insight set', () => {
  it('merges a repeated subject into one insight: same id, first seen kept, evidence united, expiry moved', () => {
    const first = finishInsight(draft('series:x', 0.5, 0.8, 'a'), t0);
    const again = finishInsight(draft('series:x', 0.5, 0.7, 'b'), t0 + 3_600_000);

    const { insights, changed } = upsertInsights(new Map([[first.id, first]]), [again]);
    const merged = insights.get(first.id) as Insight;

    expect(insights.size).toBe(1);
    expect(changed).toEqual([merged]);
    expect(merged.occurrences).toBe(2);
    expect(merged.firstSeenMillis).toBe(t0);
    expect(merged.lastSeenMillis).toBe(t0 + 3_600_000);
    expect(merged.expiresAtMillis).toBe(again.expiresAtMillis);
    expect(merged.evidence.map((e) => e.ref)).toEqual(['b', 'a']);
  });

  it('keeps a dismissed insight dismissed on a repeat, but reopens it when it becomes more urgent', () => {
    const dismissed: Insight = { ...finishInsight(draft('series:y', 0.3, 0.5), t0), status: 'dismissed' };

    expect(mergeInsight(dismissed, finishInsight(draft('series:y', 0.3, 0.5), t0 + 1)).status).toBe(
      'dismissed',
    );
    expect(mergeInsight(dismissed, finishInsight(draft('series:y', 0.95, 0.95), t0 + 1)).status).toBe('open');
  });

  it('expires insights past their time and ranks the open ones by priority', () => {
    const low = finishInsight(draft('series:low', 0.2, 0.5), t0);
    const high = finishInsight(draft('series:high', 0.95, 0.9), t0);
    const old = finishInsight(draft('series:old', 0.95, 0.9), t0 - 7 * 3_600_000);

    const expired = expireInsights([low, high, old], t0 + 1);

    expect(expired.map((i) => [i.id, i.status])).toEqual([[old.id, 'expired']]);
    expect(rankInsights([low, high, ...expired]).map((i) => i.subject)).toEqual([
      'series:high',
      'series:low',
    ]);
  });
});
