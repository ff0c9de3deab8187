import { detectSeasonalPeriods, isSeasonal, multiplicativeSeasonalIndices } from './seasonality';
import { seasonalTrendSeries } from '../../test/synthetic';

describe('seasonality', () => {
  it('applies the M4 test: a clear daily cycle passes, noise and short series do not', () => {
    const daily = seasonalTrendSeries({ length: 24 * 5, level: 10, slope: 0, dailyAmplitude: 3, noiseSd: 0.5, seed: 1 });
    const noise = seasonalTrendSeries({ length: 24 * 5, level: 10, slope: 0, dailyAmplitude: 0, noiseSd: 1, seed: 2 });
    expect(isSeasonal(daily, 24)).toBe(true);
    expect(isSeasonal(noise, 24)).toBe(false);
    expect(isSeasonal(daily.slice(0, 71), 24)).toBe(false);
  });

  it('finds daily and weekly periods from hourly data, and only daily when there is no weekly pattern', () => {
    const both = seasonalTrendSeries({ length: 24 * 28, level: 100, slope: 0, dailyAmplitude: 20, weeklyAmplitude: 25, noiseSd: 2, seed: 3 });
    const dailyOnly = seasonalTrendSeries({ length: 24 * 28, level: 100, slope: 0, dailyAmplitude: 20, noiseSd: 2, seed: 4 });
    expect(detectSeasonalPeriods(both, { calendarPeriods: [24, 168] })).toEqual([24, 168]);
    expect(detectSeasonalPeriods(dailyOnly, { calendarPeriods: [24, 168] })).toEqual([24]);
  });

  it('finds a period from the autocorrelation when no sampling step is known', () => {
    const values = Array.from({ length: 120 }, (_, t) => 5 + Math.sin((2 * Math.PI * t) / 12) + 0.05 * ((t * 7919) % 13));
    expect(detectSeasonalPeriods(values)[0]).toBe(12);
  });

  it('computes classical multiplicative indices with mean one', () => {
    const values = Array.from({ length: 48 }, (_, t) => (t % 4 === 0 ? 20 : 10));
    const indices = multiplicativeSeasonalIndices(values, 4);
    expect(indices.reduce((a, b) => a + b, 0) / 4).toBeCloseTo(1, 12);
    expect(indices[0]).toBeCloseTo(20 / 12.5, 6);
    expect(indices[1]).toBeCloseTo(10 / 12.5, 6);
  });
});
