import { gaussian, seededRandom } from '../../test/synthetic';
import { parseCapacityConfig } from './config';
import { planCapacity } from './plan';

const HOUR = 3_600_000;
const START = Date.UTC(2026, 0, 1);

const resources = parseCapacityConfig({
  resources: [
    { name: 'data-disk', kind: 'filesystem' },
    { name: 'api-rps', kind: 'request_rate', capacity: 1000, replicas: 4 },
  ],
}).resources;
const disk = resources[0];
const api = resources[1];

function hourly(values: number[]) {
  return { startMillis: START, stepMillis: HOUR, values };
}

describe('planCapacity', () => {
  it('finds a linear trend’s warning and critical crossings within one step', () => {
    // 50 GB growing 0.5 GB/h on a 200 GB disk: warning (160 GB) at t = 220 h, critical (180 GB) at t = 260 h.
    const noise = gaussian(seededRandom(11));
    const usage = Array.from({ length: 200 }, (_, t) => 50 + 0.5 * t + 0.3 * noise());
    const plan = planCapacity({ resource: disk, usage: hourly(usage), limit: hourly(Array(200).fill(200)), nowMillis: START + 199 * HOUR, horizonSteps: 96 });
    expect(plan.capacitySource).toBe('limit_series');
    expect(Math.abs((plan.warning.atMillis as number) - (START + 220 * HOUR))).toBeLessThanOrEqual(HOUR);
    expect(Math.abs((plan.critical.atMillis as number) - (START + 260 * HOUR))).toBeLessThanOrEqual(HOUR);
    expect(plan.warning.earliestAtMillis as number).toBeLessThanOrEqual(plan.warning.atMillis as number);
    expect(plan.warning.inMillis).toBe((plan.warning.atMillis as number) - (START + 199 * HOUR));
    expect(plan.action).toBe('plan_scale_up');
    expect(plan.rule.id).toBe('warning_expected');
  });

  it('finds a 30-day critical breach from two weeks of daily points within six hours', () => {
    const DAY = 24 * HOUR;
    // 70 % growing one point a day on a 100-unit disk: critical (90) on day 20.
    const usage = Array.from({ length: 14 }, (_, d) => 70 + d);
    const plan = planCapacity({ resource: disk, usage: { startMillis: START, stepMillis: DAY, values: usage }, limit: { startMillis: START, stepMillis: DAY, values: Array(14).fill(100) }, nowMillis: START + 13 * DAY, horizonSteps: 30 });
    expect(plan.forecast.status).toBe('fallback');
    expect(Math.abs((plan.critical.atMillis as number) - (START + 20 * DAY))).toBeLessThanOrEqual(6 * HOUR);
    expect(plan.action).toBe('plan_scale_up');
  });

  it('recommends the capacity that keeps the upper 95 % bound under warning', () => {
    const usage = Array.from({ length: 200 }, (_, t) => 50 + 0.5 * t + (t % 2));
    const plan = planCapacity({ resource: disk, usage: hourly(usage), limit: hourly(Array(200).fill(200)), nowMillis: START + 199 * HOUR, horizonSteps: 96 });
    const peakUpper = Math.max(...plan.forecast.upper95);
    expect(plan.recommendedCapacity).toBeCloseTo(peakUpper / 0.8, 6);
    expect((plan.recommendedCapacity as number) * 0.8).toBeGreaterThanOrEqual(Math.max(...plan.forecast.upper95) - 1e-9);
  });

  it('asks for an immediate scale-up when usage is already past critical', () => {
    const usage = Array.from({ length: 100 }, (_, t) => 185 + (t % 3));
    const plan = planCapacity({ resource: disk, usage: hourly(usage), limit: hourly(Array(100).fill(200)), nowMillis: START + 99 * HOUR, horizonSteps: 24 });
    expect(plan.action).toBe('immediate_scale_up_required');
    expect(plan.rule.id).toBe('critical_now');
    expect(plan.critical.inMillis).toBe(0);
  });

  it('suggests fewer replicas for a request rate far below capacity', () => {
    const noise = gaussian(seededRandom(5));
    const usage = Array.from({ length: 24 * 14 }, (_, t) => 150 + 40 * Math.sin((2 * Math.PI * t) / 24) + 5 * noise());
    const plan = planCapacity({ resource: api, usage: hourly(usage), nowMillis: START + (24 * 14 - 1) * HOUR, horizonSteps: 48 });
    expect(plan.capacitySource).toBe('fixed');
    expect(plan.action).toBe('consider_scale_down');
    expect(plan.rule.id).toBe('over_provisioned');
    // Peak near 200 req/s + interval; at 250 req/s per replica one replica keeps it under 80 %.
    expect(plan.recommendedReplicas).toBe(Math.ceil(((plan.recommendedCapacity as number) / 1000) * 4));
    expect(plan.recommendedReplicas).toBeLessThan(4);
  });

  it('maintains capacity with a reason when there is no usable data', () => {
    const plan = planCapacity({ resource: disk, usage: hourly([NaN, NaN]), limit: hourly([200, 200]), nowMillis: START, horizonSteps: 24 });
    expect(plan.action).toBe('maintain_current_capacity');
    expect(plan.rule.id).toBe('insufficient_history');
    expect(plan.forecast.status).toBe('insufficient_data');
    expect(plan.warning.atMillis).toBeNull();
  });

  it('has no forecast to compare when a resource has neither limit series nor capacity', () => {
    const plan = planCapacity({ resource: disk, usage: hourly(Array.from({ length: 50 }, (_, t) => t)), nowMillis: START, horizonSteps: 24 });
    expect(plan.capacitySource).toBe('none');
    expect(plan.rule.id).toBe('insufficient_history');
  });
});
