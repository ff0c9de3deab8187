import { forecast } from './forecast';
import { seasonalTrendSeries } from '../test/synthetic';

const HOUR = 3_600_000;

describe('forecast', () => {
  it('covers about 95 % of held-out points of seasonal series with trend with its 95 % interval', () => {
    const horizon = 48;
    let inside95 = 0;
    let inside80 = 0;
    let total = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const series = seasonalTrendSeries({ length: 24 * 21 + horizon, level: 100 + seed, slope: 0.05 * (seed % 5), dailyAmplitude: 10 + seed, noiseSd: 2 + (seed % 3), seed });
      const train = series.slice(0, -horizon);
      const test = series.slice(-horizon);
      const result = forecast(train, { horizon, stepMillis: HOUR });
      test.forEach((y, h) => {
        if (y >= result.lower95[h] && y <= result.upper95[h]) inside95++;
        if (y >= result.lower80[h] && y <= result.upper80[h]) inside80++;
        total++;
      });
    }
    expect(inside95 / total).toBeGreaterThanOrEqual(0.92);
    expect(inside95 / total).toBeLessThanOrEqual(0.98);
    expect(inside80 / total).toBeGreaterThan(0.7);
    expect(inside80 / total).toBeLessThan(0.9);
  });

  it('finds the daily and weekly periods and reports the combination it used', () => {
    const series = seasonalTrendSeries({ length: 24 * 28, level: 200, slope: 0, dailyAmplitude: 30, weeklyAmplitude: 40, noiseSd: 3, seed: 7 });
    const result = forecast(series, { horizon: 24, stepMillis: HOUR });
    expect(result.status).toBe('ok');
    expect(result.periods).toEqual([24, 168]);
    expect(result.intervalSource).toBe('cross_validation');
    expect(result.members.length).toBeGreaterThan(0);
    expect(result.members.reduce((a, m) => a + m.weight, 0)).toBeCloseTo(1, 9);
    expect(result.point).toHaveLength(24);
    result.point.forEach((p, h) => {
      expect(result.lower95[h]).toBeLessThanOrEqual(result.lower80[h]);
      expect(result.lower80[h]).toBeLessThanOrEqual(p);
      expect(p).toBeLessThanOrEqual(result.upper80[h]);
      expect(result.upper80[h]).toBeLessThanOrEqual(result.upper95[h]);
    });
  });

  it('gives a constant forecast with zero-width intervals for a constant series', () => {
    const result = forecast(Array(50).fill(7), { horizon: 5 });
    expect(result.status).toBe('constant');
    expect(result.point).toEqual([7, 7, 7, 7, 7]);
    expect(result.upper95).toEqual(result.lower95);
    expect(result.reason).toContain('all 50 values equal 7');
  });

  it('falls back to a simpler model on a very short history and says so', () => {
    const result = forecast([3, 4, 5], { horizon: 10 });
    expect(result.status).toBe('fallback');
    expect(result.model).toBe('naive');
    expect(result.reason).toMatch(/too short/);
    expect(result.point).toEqual(Array(10).fill(5));
    expect(result.upper95[9]).toBeGreaterThan(result.upper95[0]);
  });

  it('chooses among models on a shorter back-test when the history cannot cover the horizon', () => {
    const values = Array.from({ length: 20 }, (_, t) => 10 + t + (t % 2));
    const result = forecast(values, { horizon: 24 });
    expect(result.status).toBe('fallback');
    expect(result.reason).toMatch(/too short to back-test 24 steps ahead; best \d of \d+ models by a 3-origin back-test over 6 steps/);
    expect(result.intervalSource).toBe('model');
    expect(result.members[0].model).toBe('ets_additive');
    expect(result.point[23]).toBeGreaterThan(40);
  });

  it('returns a result with a reason, not an exception, for empty and all-non-finite input', () => {
    for (const input of [[], [NaN, Infinity, -Infinity]]) {
      const result = forecast(input, { horizon: 3 });
      expect(result.status).toBe('insufficient_data');
      expect(result.reason).toMatch(/no finite values/);
      expect(result.point).toEqual([]);
    }
  });

  it('fills gaps and non-finite values and still forecasts the season', () => {
    const series: number[] = seasonalTrendSeries({ length: 24 * 14, level: 50, slope: 0, dailyAmplitude: 20, noiseSd: 1, seed: 3 });
    for (let t = 100; t < 110; t++) series[t] = NaN;
    series[200] = Infinity;
    series[0] = NaN;
    const result = forecast(series, { horizon: 24, stepMillis: HOUR });
    expect(result.status).toBe('ok');
    expect(result.filledPoints).toBe(11);
    expect(result.reason).toMatch(/11 missing or non-finite points filled/);
    expect(result.reason).toMatch(/1 leading non-finite points dropped/);
    // The forecast keeps the daily swing: peak minus trough near 2 × amplitude.
    expect(Math.max(...result.point) - Math.min(...result.point)).toBeGreaterThan(30);
    expect(result.point.every(Number.isFinite)).toBe(true);
  });

  it('starts the forecast after a trailing gap so step 1 is still the step after the raw end', () => {
    const base = Array.from({ length: 200 }, (_, t) => t);
    const withGap = [...base.slice(0, 195), NaN, NaN, NaN, NaN, NaN];
    const result = forecast(withGap, { horizon: 3, models: ['ets_additive'] });
    expect(result.reason).toMatch(/last 5 points missing/);
    expect(result.point[0]).toBeCloseTo(200, 0);
  });

  it('never forecasts a non-negative resource below zero', () => {
    const falling = Array.from({ length: 200 }, (_, t) => 100 - t * 0.6 + (t % 3));
    const result = forecast(falling, { horizon: 100, nonNegative: true });
    expect(Math.min(...result.point, ...result.lower95, ...result.lower80)).toBeGreaterThanOrEqual(0);
    const unclipped = forecast(falling, { horizon: 100 });
    expect(Math.min(...unclipped.lower95)).toBeLessThan(0);
  });
});
