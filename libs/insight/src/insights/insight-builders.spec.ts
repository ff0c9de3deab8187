import { KnowledgeBase } from '../knowledge/knowledge-base';
import { incidentDocument } from '../knowledge/incident-record';
import type { RankedCause } from '../rca/types';
import { anomalyInsight, forecastInsight, rootCauseInsight, sloRiskInsight } from './insight-builders';
import { insightId } from './insight-identity';

const now = Date.UTC(2026, 2, 10, 12);
const cause = (service: string, score: number, indicator = 'latency:p99'): RankedCause => ({
  service,
  indicator,
  score,
  evidence: {
    signals: [
      {
        service,
        indicator,
        source: 'metric',
        baselineValue: 0.1,
        peakValue: 0.5,
        deviationSigmas: 41,
        relativeChange: 4,
        onsetMillis: now - 600_000,
        onsetLagMillis: 0,
      },
    ],
    pathToSymptom: [service, 'web'],
    explainedByCallees: 0,
    explainedBy: null,
    symptomCorrelation: 0.9,
    summary: `${service}: ${indicator} +400% (41σ), among the first signals to move; reaches web via web.`,
  },
});
const incident = {
  id: 'inc-42',
  title: 'Checkout latency SLO burn',
  openedAtMillis: now - 300_000,
  severity: 1,
};

describe('rootCauseInsight', () => {
  it('names the likely cause with evidence links, a recommendation and a deterministic id', () => {
    const insight = rootCauseInsight(incident, [cause('payments', 1), cause('db', 0.2)], now);

    expect(insight?.id).toBe(insightId('PERFORMANCE', 'incident:inc-42'));
    expect(insight?.type).toBe('PERFORMANCE');
    expect(insight?.title).toBe('Checkout latency SLO burn: likely caused by payments (latency:p99)');
    expect(insight?.evidence.map((e) => e.kind)).toEqual(['incident', 'series']);
    expect(insight?.evidence[1].label).toBe('payments latency:p99 +400% (41σ)');
    expect(insight?.confidence).toBeGreaterThan(0.7);
    expect(insight?.priority).toBe('P1');
    expect(insight?.recommendation).toContain('payments');
    expect(insight?.summary).toContain('Next candidates: db');
  });

  it('is less confident when the runner-up scores close to the first cause', () => {
    const clear = rootCauseInsight(incident, [cause('payments', 1), cause('db', 0.1)], now);
    const close = rootCauseInsight(incident, [cause('payments', 1), cause('db', 0.95)], now);

    expect(close!.confidence).toBeLessThan(clear!.confidence - 0.3);
  });

  it('says what fixed a similar past incident', () => {
    const kb = new KnowledgeBase();
    kb.upsert(
      incidentDocument({
        id: 'inc-7',
        title: 'Payments slow after deploy (3 March)',
        openedAtMillis: now - 7 * 86_400_000,
        services: ['payments'],
        alertNames: ['CheckoutLatencyHigh'],
        resolution: 'rolling back payments to v1.4.2 fixed it',
      }),
    );
    const past = kb.similar({
      services: ['payments', 'web'],
      alertNames: ['CheckoutLatencyHigh'],
      logTemplates: [],
    });

    const insight = rootCauseInsight(incident, [cause('payments', 1)], now, past);

    expect(insight?.recommendation).toMatch(/^Last time: rolling back payments to v1.4.2 fixed it\./);
    expect(insight?.summary).toContain('Looks like "Payments slow after deploy (3 March)"');
    expect(insight?.evidence.some((e) => e.kind === 'knowledge' && e.ref === 'inc-7')).toBe(true);
  });

  it('produces nothing when no cause has evidence', () => {
    expect(rootCauseInsight(incident, [], now)).toBeNull();
  });
});

describe('other insight builders', () => {
  it('turns a critical spike into a P1 anomaly insight keyed by its series', () => {
    const insight = anomalyInsight(
      {
        seriesId: 'fp-1',
        service: 'cart',
        metric: 'latency_p99',
        kind: 'SPIKE',
        severity: 'CRITICAL',
        score: 0.95,
        value: 2.5,
        expectedLow: 0.1,
        expectedHigh: 0.4,
        atMillis: now,
      },
      now,
    );

    expect(insight.type).toBe('ANOMALY');
    expect(insight.subject).toBe('series:fp-1');
    expect(insight.priority).toBe('P1');
    expect(insight.title).toBe('cart latency_p99: spike above its expected range');
    expect(insight.expiresAtMillis).toBe(now + 6 * 3_600_000);
  });

  it('maps forecasts to capacity or optimization insights, and nothing when capacity is fine', () => {
    const base = {
      seriesId: 'fp-2',
      service: 'db',
      resource: 'disk_used_bytes',
      threshold: 100,
      relativeUncertainty: 0.2,
    };
    const scaleUp = forecastInsight(
      {
        ...base,
        action: 'immediate_scale_up_required',
        breachAtMillis: now + 5 * 3_600_000,
        currentValue: 92,
      },
      now,
    );
    const scaleDown = forecastInsight(
      { ...base, action: 'consider_scale_down', breachAtMillis: null, currentValue: 10 },
      now,
    );

    expect(scaleUp?.type).toBe('CAPACITY');
    expect(scaleUp?.title).toBe('db disk_used_bytes will reach its limit in about 5 h');
    expect(scaleUp?.priority).toBe('P1');
    expect(scaleDown?.type).toBe('OPTIMIZATION');
    expect(scaleDown?.priority).toBe('P3');
    expect(
      forecastInsight(
        { ...base, action: 'maintain_current_capacity', breachAtMillis: null, currentValue: 50 },
        now,
      ),
    ).toBeNull();
  });

  it('raises a risk insight only when the error budget burns faster than it lasts', () => {
    const burning = sloRiskInsight(
      {
        sloId: 'checkout-availability',
        service: 'checkout',
        burnRate: 14.4,
        budgetRemaining: 0.4,
        exhaustedAtMillis: now + 2 * 86_400_000,
      },
      now,
    );
    const calm = sloRiskInsight(
      {
        sloId: 'checkout-availability',
        service: 'checkout',
        burnRate: 0.5,
        budgetRemaining: 0.9,
        exhaustedAtMillis: null,
      },
      now,
    );

    expect(burning?.type).toBe('RISK');
    expect(burning?.summary).toContain('exhausted in 2 days');
    expect(calm).toBeNull();
  });
});
