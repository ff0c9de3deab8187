/**
 * Input series for the SLO oracle: each scenario is an SLO (native YAML) plus request counters
 * sampled every `stepMillis` from t = 0, exactly as promtool's `input_series` lays them out.
 * Counts are whole numbers, so Vigil and Prometheus add the same integers.
 */

export interface ScenarioSeries {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  /** One value per step; undefined = no sample (a scrape gap). */
  readonly values: ReadonlyArray<number | undefined>;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly sloYaml: string;
  readonly stepMillis: number;
  readonly steps: number;
  readonly series: readonly ScenarioSeries[];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function sloYaml(name: string, extra = ''): string {
  return [
    'apiVersion: vigil/v1',
    'kind: SLO',
    `metadata: { name: ${name} }`,
    'spec:',
    `  service: ${name}`,
    '  objective: 99.9',
    '  window: 30d',
    `  errors: http_requests_total{service="${name}",code=~"5.."}`,
    `  total: http_requests_total{service="${name}"}`,
    extra,
  ].join('\n');
}

interface TrafficPlan {
  readonly steps: number;
  /** Requests served during step i (between sample i−1 and sample i). */
  readonly requests: (step: number) => number;
  /** Fraction of them that fail. */
  readonly errorFraction: (step: number) => number;
  /** Steps with no sample (the counter keeps counting; nobody scrapes it). */
  readonly gap?: (step: number) => boolean;
  /** Steps at which the process restarts: both counters start again from 0. */
  readonly resets?: readonly number[];
}

/** A `code="200"` and a `code="500"` counter for service `name`. */
function traffic(name: string, plan: TrafficPlan): ScenarioSeries[] {
  // Counters start high, as a long-running process's do (a counter born at 0 would make
  // Prometheus's zero-point extrapolation kick in at the very start of the data).
  let good = 1_000_000;
  let bad = 10_000;
  const goodValues: Array<number | undefined> = [];
  const badValues: Array<number | undefined> = [];
  for (let step = 0; step < plan.steps; step += 1) {
    if (plan.resets?.includes(step)) {
      good = 0;
      bad = 0;
    }
    if (step > 0) {
      const requests = plan.requests(step);
      const errors = Math.round(requests * plan.errorFraction(step));
      good += requests - errors;
      bad += errors;
    }
    const missing = plan.gap?.(step) ?? false;
    goodValues.push(missing ? undefined : good);
    badValues.push(missing ? undefined : bad);
  }
  return [
    { metric: 'http_requests_total', labels: { service: name, code: '200' }, values: goodValues },
    { metric: 'http_requests_total', labels: { service: name, code: '500' }, values: badValues },
  ];
}

const between = (step: number, from: number, to: number): boolean => step > from && step <= to;

/**
 * A latency histogram for service `name`: `_bucket{le="0.3"}` counts fast requests, `_count` all
 * of them (the SLI "latency ≤ 300 ms" reads good = bucket over total = count).
 */
function latencyHistogram(name: string, plan: Omit<TrafficPlan, 'resets' | 'gap'>): ScenarioSeries[] {
  let fast = 500_000;
  let all = 500_500;
  const fastValues: number[] = [];
  const allValues: number[] = [];
  for (let step = 0; step < plan.steps; step += 1) {
    if (step > 0) {
      const requests = plan.requests(step);
      all += requests;
      fast += requests - Math.round(requests * plan.errorFraction(step));
    }
    fastValues.push(fast);
    allValues.push(all);
  }
  return [
    {
      metric: 'http_server_duration_seconds_bucket',
      labels: { service: name, le: '0.3' },
      values: fastValues,
    },
    { metric: 'http_server_duration_seconds_count', labels: { service: name }, values: allValues },
  ];
}

/** Every scenario, in a fixed order. Steps are one minute; t = step × 1 min. */
export function scenarios(): Scenario[] {
  const step = MINUTE;
  const at = (millis: number): number => millis / step;
  const list: Scenario[] = [];

  {
    const steps = at(26 * HOUR) + 1;
    list.push({
      name: 'steady-good',
      description: '26 h at 0.2× burn (0.02 % errors): nothing may fire',
      sloYaml: sloYaml('steady-good'),
      stepMillis: step,
      steps,
      series: traffic('steady-good', { steps, requests: () => 1000, errorFraction: () => 0.0002 }),
    });
  }
  {
    const start = at(2 * HOUR);
    const steps = start + 10 + at(6 * HOUR + 30 * MINUTE) + 1;
    list.push({
      name: 'fast-burn',
      description:
        '100 % errors for 10 min after 2 h of good traffic: both pages and both tickets fire, then resolve',
      sloYaml: sloYaml('fast-burn'),
      stepMillis: step,
      steps,
      series: traffic('fast-burn', {
        steps,
        requests: () => 1000,
        errorFraction: (i) => (between(i, start, start + 10) ? 1 : 0.0001),
      }),
    });
  }
  {
    const start = at(DAY);
    const end = start + at(3 * DAY);
    const steps = end + at(12 * HOUR) + 1;
    list.push({
      name: 'slow-burn',
      description:
        '2× burn (0.2 % errors) for 3 days after a day at 0.2×: the 3 d / 6 h ticket fires, no page',
      sloYaml: sloYaml('slow-burn'),
      stepMillis: step,
      steps,
      series: traffic('slow-burn', {
        steps,
        requests: () => 1000,
        errorFraction: (i) => (between(i, start, end) ? 0.002 : 0.0002),
      }),
    });
  }
  {
    const start = at(2 * HOUR);
    const steps = start + 30 + at(7 * HOUR) + 1;
    list.push({
      name: 'burst-recovery',
      description: '20 % errors for 30 min, then full recovery for 7 h',
      sloYaml: sloYaml('burst-recovery'),
      stepMillis: step,
      steps,
      series: traffic('burst-recovery', {
        steps,
        requests: () => 2000,
        errorFraction: (i) => (between(i, start, start + 30) ? 0.2 : 0),
      }),
    });
  }
  {
    const steps = at(12 * HOUR) + 1;
    const failing = new Set([at(2 * HOUR) + 10, at(2 * HOUR) + 30, at(5 * HOUR)]);
    list.push({
      name: 'low-traffic',
      description:
        'one request every 10 min, three of them failing: the 10-event guard holds back the 1 h page',
      sloYaml: sloYaml('low-traffic'),
      stepMillis: step,
      steps,
      series: traffic('low-traffic', {
        steps,
        requests: (i) => (i % 10 === 0 ? 1 : 0),
        errorFraction: (i) => (failing.has(i) ? 1 : 0),
      }),
    });
  }
  {
    const start = at(2 * HOUR);
    const steps = start + 60 + at(7 * HOUR) + 1;
    list.push({
      name: 'counter-reset',
      description:
        '5 % errors for 1 h with a process restart (both counters back to 0) halfway, and one during recovery',
      sloYaml: sloYaml('counter-reset'),
      stepMillis: step,
      steps,
      series: traffic('counter-reset', {
        steps,
        requests: () => 1000,
        errorFraction: (i) => (between(i, start, start + 60) ? 0.05 : 0.0001),
        resets: [start + 30, start + 60 + at(2 * HOUR)],
      }),
    });
  }
  {
    const start = at(2 * HOUR);
    const steps = start + 120 + at(7 * HOUR) + 1;
    list.push({
      name: 'data-gap',
      description:
        '10 % errors for 2 h with a 20 min scrape gap in the middle: short windows go to no data, then catch up',
      sloYaml: sloYaml('data-gap'),
      stepMillis: step,
      steps,
      series: traffic('data-gap', {
        steps,
        requests: () => 1000,
        errorFraction: (i) => (between(i, start, start + 120) ? 0.1 : 0.0001),
        gap: (i) => between(i, start + 50, start + 70),
      }),
    });
  }
  {
    const start = at(2 * HOUR);
    const steps = start + 45 + at(7 * HOUR) + 1;
    list.push({
      name: 'latency-histogram',
      description: 'latency ≤ 300 ms from histogram buckets (good/total): 20 % slow requests for 45 min',
      sloYaml: [
        'apiVersion: vigil/v1',
        'kind: SLO',
        'metadata: { name: latency-histogram }',
        'spec:',
        '  service: latency-histogram',
        '  objective: 99.5',
        '  latency: { histogram: \'http_server_duration_seconds{service="latency-histogram"}\', threshold: 0.3 }',
      ].join('\n'),
      stepMillis: step,
      steps,
      series: latencyHistogram('latency-histogram', {
        steps,
        requests: () => 1500,
        errorFraction: (i) => (between(i, start, start + 45) ? 0.2 : 0.001),
      }),
    });
  }
  {
    const start = at(2 * HOUR);
    const steps = start + 30 + at(7 * HOUR) + 1;
    list.push({
      name: 'timeslices',
      description:
        'OpenSLO Timeslices: 99 % of minutes ≥ 95 % good; 10 % errors for 30 min makes 30 bad minutes',
      sloYaml: [
        'apiVersion: openslo/v1',
        'kind: SLO',
        'metadata: { name: timeslices }',
        'spec:',
        '  service: timeslices',
        '  indicator:',
        '    metadata: { name: timeslices-errors }',
        '    spec:',
        '      ratioMetric:',
        '        counter: true',
        '        bad: { metricSource: { spec: { selector: \'http_requests_total{service="timeslices",code=~"5.."}\' } } }',
        '        total: { metricSource: { spec: { selector: \'http_requests_total{service="timeslices"}\' } } }',
        '  timeWindow: [{ duration: 30d, isRolling: true }]',
        '  budgetingMethod: Timeslices',
        '  objectives: [{ target: 0.99, timeSliceTarget: 0.95, timeSliceWindow: 1m }]',
      ].join('\n'),
      stepMillis: step,
      steps,
      series: traffic('timeslices', {
        steps,
        requests: () => 1000,
        errorFraction: (i) => (between(i, start, start + 30) ? 0.1 : 0.01),
      }),
    });
  }
  {
    const start = at(2 * HOUR);
    const steps = start + 20 + at(7 * HOUR) + 1;
    list.push({
      name: 'openslo-policy',
      description: 'OpenSLO AlertPolicy with alertAfter (Prometheus for:) and op gte: 30 % errors for 20 min',
      sloYaml: [
        'apiVersion: openslo/v1',
        'kind: SLO',
        'metadata: { name: openslo-policy }',
        'spec:',
        '  service: openslo-policy',
        '  indicator:',
        '    metadata: { name: openslo-policy-errors }',
        '    spec:',
        '      ratioMetric:',
        '        counter: true',
        '        bad: { metricSource: { spec: { selector: \'http_requests_total{service="openslo-policy",code=~"5.."}\' } } }',
        '        total: { metricSource: { spec: { selector: \'http_requests_total{service="openslo-policy"}\' } } }',
        '  timeWindow: [{ duration: 28d, isRolling: true }]',
        '  budgetingMethod: Occurrences',
        '  objectives: [{ targetPercent: 99.5 }]',
        '  alertPolicies:',
        '    - kind: AlertPolicy',
        '      metadata: { name: openslo-policy-burn }',
        '      spec:',
        '        conditions:',
        '          - kind: AlertCondition',
        '            metadata: { name: fast }',
        '            spec:',
        '              severity: page',
        '              condition: { kind: burnrate, op: gte, threshold: 10, lookbackWindow: 1h, alertAfter: 3m }',
        '          - kind: AlertCondition',
        '            metadata: { name: slow }',
        '            spec:',
        '              severity: ticket',
        '              condition: { kind: burnrate, op: gt, threshold: 2, lookbackWindow: 6h, alertAfter: 15m }',
      ].join('\n'),
      stepMillis: step,
      steps,
      series: traffic('openslo-policy', {
        steps,
        requests: () => 1000,
        errorFraction: (i) => (between(i, start, start + 20) ? 0.3 : 0.0005),
      }),
    });
  }
  return list;
}
