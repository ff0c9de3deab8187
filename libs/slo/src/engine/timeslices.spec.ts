import { SloEngine } from './slo-engine';
import { loadSloDefinitions } from '../openslo/resolve';

const MINUTE = 60_000;

describe('Timeslices budgeting', () => {
  const [definition] = loadSloDefinitions([
    {
      file: 'slices.yaml',
      text: `apiVersion: openslo/v1
kind: SLO
metadata: { name: slices, annotations: { vigil.dev/min-events: "0" } }
spec:
  service: checkout
  indicator:
    metadata: { name: slices }
    spec:
      ratioMetric:
        counter: true
        good: { metricSource: { spec: { selector: 'req_total{code="200"}' } } }
        total: { metricSource: { spec: { selector: req_total } } }
  timeWindow: [{ duration: 30d, isRolling: true }]
  budgetingMethod: Timeslices
  objectives: [{ target: 0.99, timeSliceTarget: 0.95, timeSliceWindow: 1m }]
`,
    },
  ]);

  it('counts a minute as bad when fewer than 95 % of its requests succeed, and skips minutes without data', () => {
    const engine = new SloEngine([definition]);
    let ok = 0;
    let failed = 0;
    // Minutes 1-10: 96 % good (good slices); 11-12: 90 % good (bad slices); 13-14: not scraped.
    for (let minute = 0; minute <= 12; minute += 1) {
      if (minute > 0) {
        const failing = minute <= 10 ? 4 : 10;
        ok += 100 - failing;
        failed += failing;
      }
      engine.ingest({
        metric: 'req_total',
        labels: { code: '200' },
        timestampMillis: minute * MINUTE,
        value: ok,
      });
      engine.ingest({
        metric: 'req_total',
        labels: { code: '500' },
        timestampMillis: minute * MINUTE,
        value: failed,
      });
      engine.evaluate(minute * MINUTE);
    }
    engine.evaluate(14 * MINUTE);
    const thirtyMinutes = engine.status(14 * MINUTE)[0].windows.find((w) => w.window === '30m')!;
    expect(thirtyMinutes).toMatchObject({ events: 12, badEvents: 2 });
    expect(thirtyMinutes.errorRatio).toBeCloseTo(2 / 12, 12);
  });
});
