import { rankRootCauses } from './rank-root-causes';
import {
  buildLogs,
  buildMetrics,
  buildTrace,
  stepFrom,
  windowStartMillis,
  type SeriesSpec,
  type TimelineSpec,
} from './testing/scenario-builder';
import type { LogRecord, RootCauseInput, ServiceEdge, SpanRecord } from './types';

const MINUTE = 60_000;
const timeline: TimelineSpec = {
  startMillis: 1_700_000_000_000,
  stepMillis: MINUTE,
  normalSteps: 120,
  windowSteps: 20,
};
const detectedAtMillis = windowStartMillis(timeline) + 12 * MINUTE;
const edges = (pairs: Array<[string, string]>): ServiceEdge[] => pairs.map(([from, to]) => ({ from, to }));
const latency = (
  service: string,
  level: number,
  noise: number,
  effect?: (step: number) => number,
): SeriesSpec => ({
  service,
  metric: 'latency',
  statistic: 'p50',
  level,
  noise,
  effect,
});

describe('rankRootCauses', () => {
  it('ranks a slow database behind three services first and names its callers as explained by it', () => {
    const input: RootCauseInput = {
      symptom: { service: 'web', indicator: 'latency' },
      detectedAtMillis,
      edges: edges([
        ['web', 'api'],
        ['web', 'orders'],
        ['web', 'search'],
        ['web', 'cache'],
        ['api', 'db'],
        ['orders', 'db'],
        ['search', 'db'],
      ]),
      metrics: buildMetrics(timeline, [
        latency('db', 20, 2, stepFrom(10, 200)),
        latency('api', 50, 5, stepFrom(10, 200)),
        latency('orders', 60, 5, stepFrom(10, 200)),
        latency('search', 40, 5, stepFrom(10, 200)),
        latency('web', 120, 10, stepFrom(11, 200)),
        latency('cache', 5, 1),
      ]),
    };

    const ranked = rankRootCauses(input);

    expect(ranked[0].service).toBe('db');
    expect(ranked[0].indicator).toBe('latency:p50');
    expect(ranked[0].score).toBe(1);
    expect(ranked[0].evidence.pathToSymptom[0]).toBe('db');
    expect(ranked[0].evidence.pathToSymptom.at(-1)).toBe('web');
    expect(ranked[0].evidence.signals[0].onsetLagMillis).toBe(0);
    expect(ranked[0].evidence.signals[0].relativeChange).toBeGreaterThan(5);
    for (const caller of ['api', 'orders', 'search']) {
      const entry = ranked.find((c) => c.service === caller);
      expect(entry?.evidence.explainedBy).toBe('db');
      expect(entry?.score ?? 0).toBeLessThan(0.5);
    }
    expect(ranked[0].evidence.summary).toContain('started 60 s before web changed');
    expect(ranked.some((c) => c.service === 'cache' && c.score > 0.2)).toBe(false);
  });

  it('ranks a leaf with an error burst first, above the callers whose errors it caused', () => {
    const errors = (service: string, level: number, effect?: (step: number) => number): SeriesSpec => ({
      service,
      metric: 'error_rate',
      level,
      noise: level / 2,
      effect,
    });
    const input: RootCauseInput = {
      symptom: { service: 'web', indicator: 'error_rate' },
      detectedAtMillis,
      edges: edges([
        ['web', 'checkout'],
        ['web', 'catalog'],
        ['checkout', 'payment'],
      ]),
      metrics: buildMetrics(timeline, [
        errors('payment', 0.001, stepFrom(10, 0.3)),
        errors('checkout', 0.002, stepFrom(10, 0.3)),
        errors('web', 0.001, stepFrom(11, 0.15)),
        errors('catalog', 0.002),
        latency('catalog', 30, 3),
      ]),
    };

    const ranked = rankRootCauses(input);

    expect(ranked[0].service).toBe('payment');
    expect(ranked[0].indicator).toBe('error_rate');
    expect(ranked[0].evidence.pathToSymptom).toEqual(['payment', 'checkout', 'web']);
    expect(ranked.find((c) => c.service === 'checkout')?.evidence.explainedBy).toBe('payment');
  });

  it('does not blame a noisy but innocent neighbour whose wiggle stays within its own normal noise', () => {
    const input: RootCauseInput = {
      symptom: { service: 'web', indicator: 'latency' },
      detectedAtMillis,
      edges: edges([
        ['web', 'api'],
        ['web', 'recommendations'],
        ['api', 'db'],
      ]),
      metrics: buildMetrics(timeline, [
        latency('recommendations', 100, 60, stepFrom(10, 50)),
        latency('db', 10, 1, stepFrom(10, 30)),
        latency('api', 40, 3, stepFrom(10, 30)),
        latency('web', 150, 8, stepFrom(10, 30)),
      ]),
    };

    const ranked = rankRootCauses(input);

    expect(ranked[0].service).toBe('db');
    const neighbour = ranked.find((c) => c.service === 'recommendations');
    expect(neighbour === undefined || neighbour.score < 0.3).toBe(true);
  });

  it('ranks from metrics alone with no normal period and no symptom, against the pre-incident window', () => {
    const noNormal: TimelineSpec = { ...timeline, normalSteps: 0, windowSteps: 40 };
    const metrics = buildMetrics(noNormal, [
      { service: 'queue-worker', metric: 'cpu_usage', level: 0.3, noise: 0.03, effect: stepFrom(25, 0.6) },
      latency('queue-worker', 80, 8, stepFrom(25, 300)),
      latency('gateway', 30, 3, stepFrom(26, 300)),
      latency('billing', 45, 4),
    ]);
    const input: RootCauseInput = {
      symptom: null,
      detectedAtMillis: windowStartMillis(noNormal) + 27 * MINUTE,
      edges: edges([
        ['gateway', 'queue-worker'],
        ['gateway', 'billing'],
      ]),
      metrics,
    };

    const ranked = rankRootCauses(input);

    expect(ranked[0].service).toBe('queue-worker');
    expect(ranked[0].evidence.signals.map((s) => s.indicator)).toEqual(
      expect.arrayContaining(['cpu_usage', 'latency:p50']),
    );
    expect(ranked[0].evidence.pathToSymptom).toEqual([]);
  });

  it('finds a root cause that shows only in its logs as a new, surging message template', () => {
    const windowStart = windowStartMillis(timeline);
    const windowEnd = windowStart + timeline.windowSteps * MINUTE;
    const faultStart = windowStart + 10 * MINUTE;
    const steady = (service: string, from: number, to: number, count: number): LogRecord[] =>
      buildLogs(service, 'INFO', (i) => `GET /items/${i % 97} 200 in ${10 + (i % 13)}ms`, count, from, to);
    const logs = [
      ...steady('web', windowStart, windowEnd, 400),
      ...steady('api', windowStart, windowEnd, 400),
      ...steady('inventory', windowStart, windowEnd, 400),
      ...buildLogs(
        'inventory',
        'ERROR',
        (i) => `Connection to postgres-${i % 3} refused: too many clients (${i})`,
        200,
        faultStart,
        windowEnd,
      ),
    ];
    const normalLogs = [
      ...steady('web', timeline.startMillis, windowStart, 2400),
      ...steady('api', timeline.startMillis, windowStart, 2400),
      ...steady('inventory', timeline.startMillis, windowStart, 2400),
    ];
    const input: RootCauseInput = {
      symptom: { service: 'web', indicator: 'latency' },
      detectedAtMillis,
      edges: edges([
        ['web', 'api'],
        ['api', 'inventory'],
      ]),
      metrics: buildMetrics(timeline, [
        latency('web', 100, 5),
        latency('api', 50, 3),
        latency('inventory', 20, 2),
      ]),
      logs,
      normalLogs,
    };

    const ranked = rankRootCauses(input);

    expect(ranked[0].service).toBe('inventory');
    const logSignal = ranked[0].evidence.signals.find((s) => s.indicator.startsWith('log:'));
    expect(logSignal?.indicator).toContain('refused: too many clients');
    expect(logSignal?.source).toBe('log');
    expect(logSignal?.baselineValue).toBe(0);
    expect(logSignal?.onsetMillis).toBeGreaterThanOrEqual(faultStart - MINUTE);
  });

  it('uses span self time to blame the slow callee when only traces are available', () => {
    const spans: SpanRecord[] = [];
    const normalSpans: SpanRecord[] = [];
    const windowStart = windowStartMillis(timeline);
    const faultStart = windowStart + 10 * MINUTE;
    const trace = (at: number, redisMillis: number): SpanRecord[] =>
      buildTrace(`t${at}`, at, {
        service: 'web',
        operation: 'GET /cart',
        selfMillis: 10,
        calls: [
          {
            service: 'cart',
            operation: 'GetCart',
            selfMillis: 5,
            calls: [{ service: 'redis', operation: 'HGETALL', selfMillis: redisMillis }],
          },
          { service: 'currency', operation: 'Convert', selfMillis: 3 },
        ],
      });
    for (let at = timeline.startMillis + 60 * MINUTE; at < windowStart; at += 5_000)
      normalSpans.push(...trace(at, 1 + (at % 3)));
    for (let at = windowStart; at < windowStart + 20 * MINUTE; at += 5_000) {
      spans.push(...trace(at, at >= faultStart ? 80 + (at % 7) : 1 + (at % 3)));
    }
    const input: RootCauseInput = {
      symptom: { service: 'web' },
      detectedAtMillis,
      edges: [],
      metrics: [],
      spans,
      normalSpans,
    };

    const ranked = rankRootCauses(input);

    expect(ranked[0].service).toBe('redis');
    expect(ranked[0].evidence.pathToSymptom).toEqual(['redis', 'cart', 'web']);
    expect(ranked[0].evidence.signals[0].source).toBe('span');
    const cart = ranked.find((c) => c.service === 'cart');
    expect(cart?.score ?? 0).toBeLessThan(0.5);
  });

  it('counts anomalies the detector already reported as evidence of their service', () => {
    const input: RootCauseInput = {
      symptom: { service: 'web' },
      detectedAtMillis,
      edges: edges([
        ['web', 'api'],
        ['web', 'auth'],
      ]),
      metrics: buildMetrics(timeline, [
        latency('web', 100, 5),
        latency('api', 50, 3),
        latency('auth', 20, 2),
      ]),
      anomalies: [
        {
          service: 'auth',
          indicator: 'jvm_gc_pause_seconds',
          startedAtMillis: detectedAtMillis - MINUTE,
          score: 0.9,
        },
      ],
    };

    const ranked = rankRootCauses(input);

    expect(ranked[0].service).toBe('auth');
    expect(ranked[0].evidence.signals[0]).toMatchObject({
      indicator: 'jvm_gc_pause_seconds',
      source: 'anomaly',
      onsetMillis: detectedAtMillis - MINUTE,
    });
  });

  it('returns nothing to blame when nothing changed', () => {
    const input: RootCauseInput = {
      symptom: { service: 'web' },
      detectedAtMillis,
      edges: edges([['web', 'api']]),
      metrics: buildMetrics(timeline, [latency('web', 100, 5), latency('api', 50, 3)]),
    };

    const ranked = rankRootCauses(input);

    expect(ranked.every((c) => c.evidence.signals.length === 0)).toBe(true);
  });
});
