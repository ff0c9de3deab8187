import { aggregateScores, naiveScale, scoreForecast } from './accuracy';

const times = [10, 20, 30, 40];
const actuals = new Map([
  [10, 100],
  [20, 110],
  [30, 120],
  [40, 130],
]);
const actualAt = (t: number) => actuals.get(t) ?? Number.NaN;

describe('forecast accuracy', () => {
  it('scores a perfect forecast 0 sMAPE, 0 MASE, full coverage', () => {
    const score = scoreForecast({ times, point: [100, 110, 120, 130], lower95: [90, 100, 110, 120], upper95: [110, 120, 130, 140], actualAt, history: [60, 70, 80, 90] });
    expect(score).toEqual({ points: 4, smape: 0, mase: 0, coverage95: 1 });
  });

  it('computes sMAPE and MASE as M4 does, and the share of actuals inside the 95 % band', () => {
    // Errors of 10 on every step; history moves 10 per step, so MASE = 1.
    const score = scoreForecast({ times, point: [110, 120, 130, 140], lower95: [105, 115, 125, 135], upper95: [115, 125, 135, 145], actualAt, history: [60, 70, 80, 90] });
    const smape = ((200 * 10) / 210 + (200 * 10) / 230 + (200 * 10) / 250 + (200 * 10) / 270) / 4;
    expect(score?.smape).toBeCloseTo(smape, 10);
    expect(score?.mase).toBeCloseTo(1, 10);
    expect(score?.coverage95).toBe(0);
  });

  it('skips steps without an actual and gives nothing when none lines up', () => {
    const partial = scoreForecast({ times: [10, 15], point: [100, 1], lower95: [0, 0], upper95: [200, 2], actualAt, history: [1, 2] });
    expect(partial?.points).toBe(1);
    expect(scoreForecast({ times: [11], point: [1], lower95: [0], upper95: [2], actualAt, history: [] })).toBeUndefined();
  });

  it('leaves MASE undefined (NaN) for a flat history, and out of the aggregate', () => {
    expect(naiveScale([5, Number.NaN, 5, 5])).toBe(0);
    const flat = scoreForecast({ times: [10], point: [90], lower95: [80], upper95: [120], actualAt, history: [5, 5, 5] });
    expect(flat?.mase).toBeNaN();
    const mean = aggregateScores([
      { smape: 2, mase: Number.NaN, coverage95: 1 },
      { smape: 4, mase: 0.5, coverage95: 0.5 },
    ]);
    expect(mean).toEqual({ series: 2, smape: 3, mase: 0.5, coverage95: 0.75 });
  });
});
