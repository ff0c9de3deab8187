import { rankRootCauses } from './rank-root-causes';
import { ServiceGraph } from './service-graph';
import { explainersOf, flowOf } from './signal-flow';
import {
  buildMetrics,
  stepFrom,
  windowStartMillis,
  type SeriesSpec,
  type TimelineSpec,
} from './testing/scenario-builder';
import type { RootCauseInput, ServiceEdge } from './types';

const MINUTE = 60_000;
const timeline: TimelineSpec = {
  startMillis: 1_700_000_000_000,
  stepMillis: MINUTE,
  normalSteps: 120,
  windowSteps: 20,
};
const detectedAtMillis = windowStartMillis(timeline) + 12 * MINUTE;

/** gateway → {frontend, auth}; frontend → {catalog, cart}; catalog, cart and auth all use the cache. */
const shopEdges: ServiceEdge[] = [
  ['gateway', 'frontend'],
  ['gateway', 'auth'],
  ['frontend', 'catalog'],
  ['frontend', 'cart'],
  ['catalog', 'cache'],
  ['cart', 'cache'],
  ['auth', 'cache'],
].map(([from, to]) => ({ from, to }));

/** Requests per minute that triple from step 10 on when `surge` is set (the noise is ~3 %). */
const requests = (service: string, perMinute: number, surge: boolean): SeriesSpec => ({
  service,
  metric: 'requests',
  statistic: 'Sum',
  level: perMinute,
  noise: perMinute * 0.03,
  effect: surge ? stepFrom(10, 2 * perMinute) : undefined,
});
const latency = (service: string, millis: number, effect?: (step: number) => number): SeriesSpec => ({
  service,
  metric: 'latency',
  statistic: 'p50',
  level: millis,
  noise: millis * 0.05,
  effect,
});

/** A marketing push triples the gateway's traffic; every service behind it sees ×3, the cache the most calls. */
function trafficSpikeAtGateway(symptom: RootCauseInput['symptom']): RootCauseInput {
  return {
    symptom,
    detectedAtMillis,
    edges: shopEdges,
    metrics: buildMetrics(timeline, [
      requests('gateway', 1_000, true),
      requests('frontend', 900, true),
      requests('auth', 1_000, true),
      requests('catalog', 1_800, true),
      requests('cart', 600, true),
      requests('cache', 9_000, true),
      latency('gateway', 80),
      latency('cache', 2),
    ]),
  };
}

describe('signal flow', () => {
  it('treats request volume as travelling down the graph and answers (latency, errors, saturation) up', () => {
    for (const traffic of ['span calls', 'requests:Sum', 'http_requests_total', 'throughput', 'qps'])
      expect(flowOf(traffic)).toBe('downstream');
    for (const answer of [
      'latency:p50',
      'span error_rate',
      'http_requests_errors_total',
      'request_duration_seconds',
      'system.cpu.utilization',
      'availability:Average',
    ])
      expect(flowOf(answer)).toBe('upstream');
  });

  it('looks for the explanation of a traffic rise among callers, and of a latency rise among callees', () => {
    const graph = new ServiceGraph(shopEdges);
    expect(explainersOf('cache', 'downstream', graph).sort()).toEqual(['auth', 'cart', 'catalog']);
    expect(explainersOf('cache', 'upstream', graph)).toEqual([]);
    expect(explainersOf('frontend', 'upstream', graph).sort()).toEqual(['cart', 'catalog']);
  });
});

describe('rankRootCauses on a traffic spike', () => {
  it('ranks the gateway first when its traffic spike fans out to a shared cache, with no symptom given', () => {
    const ranked = rankRootCauses(trafficSpikeAtGateway(null));

    expect(ranked[0].service).toBe('gateway');
    expect(ranked[0].indicator).toBe('requests:Sum');
    expect(ranked[0].evidence.explainedByCallees).toBe(0);
    const cache = ranked.find((c) => c.service === 'cache');
    expect(cache?.evidence.explainedByCallees).toBeGreaterThan(0.8);
    expect(['auth', 'cart', 'catalog']).toContain(cache?.evidence.explainedBy);
  });

  it('ranks the gateway first when the page comes from the overloaded cache it feeds', () => {
    const ranked = rankRootCauses(trafficSpikeAtGateway({ service: 'cache', indicator: 'requests' }));

    expect(ranked[0].service).toBe('gateway');
    // The surge travels down the calls, so the path to the symptom does too (shortest: via auth).
    expect(ranked[0].evidence.pathToSymptom).toEqual(['gateway', 'auth', 'cache']);
    expect(ranked[0].evidence.summary).toContain('reaches cache through auth');
  });

  it('still blames the cache, not its callers, when the cache gets slow at unchanged traffic', () => {
    const input: RootCauseInput = {
      symptom: null,
      detectedAtMillis,
      edges: shopEdges,
      metrics: buildMetrics(timeline, [
        requests('gateway', 1_000, false),
        requests('cache', 9_000, false),
        latency('cache', 2, stepFrom(10, 40)),
        latency('catalog', 30, stepFrom(10, 40)),
        latency('auth', 10, stepFrom(10, 40)),
        latency('gateway', 80, stepFrom(10, 40)),
      ]),
    };

    const ranked = rankRootCauses(input);

    expect(ranked[0].service).toBe('cache');
    expect(ranked.find((c) => c.service === 'catalog')?.evidence.explainedBy).toBe('cache');
  });
});
