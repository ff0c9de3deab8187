import type { Severity, Verdict } from '@vigil/detect';
import { advanceEpisodes, policyCovers, type AlertPolicy, type PolicyEpisodes, type PolicyTransition } from './alert-policy';

const MINUTE = 60_000;
const ALARM = 0.65;
const policy = (overrides: Partial<AlertPolicy> = {}): AlertPolicy => ({
  name: 'VigilAnomaly',
  metrics: ['*'],
  labels: {},
  minSeverity: 'MEDIUM',
  forMillis: 0,
  resolveAfterMillis: 10 * MINUTE,
  ...overrides,
});

/** A point at minute `minute`: anomalous (published) with `severity`, or calm. */
function point(minute: number, severity?: Severity, opts: { published?: boolean } = {}): [Verdict, string | undefined] {
  const anomalous = severity !== undefined;
  const verdict: Verdict = {
    timestampMillis: minute * MINUTE,
    value: anomalous ? 500 : 100,
    score: anomalous ? 0.9 : 0.1,
    tailProbability: anomalous ? 1e-9 : 0.5,
    alertScore: anomalous ? 0.9 : 0,
    isAnomaly: anomalous && opts.published !== false,
    learning: false,
    expected: 100,
    lower: 90,
    upper: 110,
    type: 'SPIKE',
    severity: severity ?? 'LOW',
    detector: 'residual',
    explanation: anomalous ? 'value 500 is 40σ above the expected 100' : '',
  };
  return [verdict, verdict.isAnomaly ? `id-${minute}` : undefined];
}

function run(policies: AlertPolicy[], points: [Verdict, string | undefined][]): PolicyTransition[] {
  const episodes: PolicyEpisodes = {};
  return points.flatMap(([verdict, id]) => advanceEpisodes(policies, episodes, verdict, ALARM, id));
}

const summary = (transitions: PolicyTransition[]) => transitions.map((t) => `${t.state}@${t.atMillis / MINUTE}`);

describe('alert policies', () => {
  it('fires on a qualifying anomaly at once and resolves after the quiet period, once each', () => {
    const transitions = run([policy()], [point(0), point(1, 'HIGH'), point(2, 'HIGH', { published: false }), point(3), point(11), point(12), point(13)]);
    expect(summary(transitions)).toEqual(['firing@1', 'resolved@12']);
    expect(transitions[0].episode).toMatchObject({ openedAtMillis: MINUTE, anomalyId: 'id-1', lower: 90, upper: 110 });
  });

  it('ignores anomalies below the minimum severity', () => {
    expect(run([policy({ minSeverity: 'HIGH' })], [point(1, 'MEDIUM'), point(2), point(30)])).toEqual([]);
  });

  it('fires only when the condition holds for the for-duration; a short blip never fires', () => {
    const pol = policy({ forMillis: 5 * MINUTE, resolveAfterMillis: 3 * MINUTE });
    const blip = run([pol], [point(1, 'HIGH'), point(2), point(3), point(4), point(5)]);
    expect(blip).toEqual([]);
    const sustained = [point(10, 'HIGH')];
    for (let m = 11; m <= 16; m++) sustained.push(point(m, 'HIGH', { published: false }));
    sustained.push(point(20), point(21));
    expect(summary(run([pol], sustained))).toEqual(['firing@15', 'resolved@20']);
  });

  it('raises one alert per policy: two covering policies give two alerts', () => {
    const transitions = run([policy(), policy({ name: 'PageOnCritical', minSeverity: 'CRITICAL' })], [point(1, 'CRITICAL')]);
    expect(transitions.map((t) => t.policy.name)).toEqual(['VigilAnomaly', 'PageOnCritical']);
  });

  it('a calm point never opens an episode, and a held-off high score only extends one', () => {
    expect(run([policy()], [point(1, 'HIGH', { published: false }), point(2)])).toEqual([]);
  });

  it('covers metrics by exact name, prefix and labels', () => {
    const http = policy({ metrics: ['http_server_*', 'queue_depth'], labels: { env: 'prod' } });
    expect(policyCovers(http, 'http_server_duration', { env: 'prod' })).toBe(true);
    expect(policyCovers(http, 'queue_depth', { env: 'prod', zone: 'a' })).toBe(true);
    expect(policyCovers(http, 'queue_depth', { env: 'dev' })).toBe(false);
    expect(policyCovers(http, 'cpu', { env: 'prod' })).toBe(false);
    expect(policyCovers(policy(), 'anything', {})).toBe(true);
  });
});
