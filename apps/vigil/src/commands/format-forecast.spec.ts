import type { ForecastAnswer } from '@vigil/capacity-planner';
import { parseCapacityConfig, planCapacity } from '@vigil/forecast';
import { formatForecast } from './format-forecast';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1, 12);

/** A disk at 70 % growing a point a day, planned over 30 daily steps as `vigil forecast` does. */
function answer(): ForecastAnswer {
  const values = Array.from({ length: 14 }, (_, i) => (0.7 + 0.01 * i) * 100);
  const [resource] = parseCapacityConfig({ resources: [{ name: 'disk', kind: 'filesystem', capacity: 100 }] }).resources;
  const nowMillis = START + 14 * DAY;
  const plan = planCapacity({ resource, usage: { startMillis: START, stepMillis: DAY, values }, nowMillis, horizonSteps: 30 });
  return {
    metricName: 'system.filesystem.usage',
    labels: { mountpoint: '/data' },
    fingerprintHex: '0123456789abcdef',
    resource: 'disk',
    plan,
    forecast: plan.forecast,
    history: { startMillis: START, stepMillis: DAY, values },
    horizon: { name: '30d', stepMillis: DAY, steps: 30, historySteps: 365 },
  };
}

describe('vigil forecast output', () => {
  it('prints the action with its rule, both breach times, the model, a chart and one row per step', () => {
    const text = formatForecast(answer(), START + 14 * DAY);
    expect(text).toContain('system.filesystem.usage{mountpoint="/data"}');
    expect(text).toMatch(/action {4}plan_scale_up {2}— rule warning_expected/);
    expect(text).toMatch(/critical {2}90\.0 % reached 2026-01-21 \d\d:\d\d UTC \(in \dd/);
    expect(text).toMatch(/model {5}\S+ \(fallback\)/);
    expect(text).toContain('┊ history | forecast →');
    expect(text).toMatch(/\(30 rows\)/);
    expect(text.split('\n').filter((line) => /[┤┼]/.test(line)).length).toBeGreaterThanOrEqual(12);
  });
});
