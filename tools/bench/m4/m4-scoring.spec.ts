import { coveredCount, mase, msis, naive2, seasonalNaive, seasonalNaiveScale, smape } from './m4-scoring';

describe('M4 scoring', () => {
  it('scores sMAPE and MASE as M4 defined them', () => {
    expect(smape([100, 200], [110, 180])).toBeCloseTo((200 * 10) / 210 / 2 + (200 * 20) / 380 / 2, 10);
    const train = [1, 2, 3, 4, 2, 3, 4, 5];
    expect(seasonalNaiveScale(train, 4)).toBe(1);
    expect(mase([6, 6], [5, 8], 1)).toBe(1.5);
  });

  it('repeats the last cycle for seasonal naive', () => {
    expect(seasonalNaive([1, 2, 3, 4, 5, 6], 3, 5)).toEqual([4, 5, 6, 4, 5]);
  });

  it('uses plain naive in Naive2 when the seasonality test fails, and reseasonalises when it passes', () => {
    const flat = [5, 6, 5, 6, 5, 7, 6, 5, 6, 5, 6, 5];
    expect(naive2(flat, 4, 3)).toEqual([5, 5, 5]);
    const seasonal = Array.from({ length: 60 }, (_, t) => [10, 20, 30, 20][t % 4] * (1 + t / 600));
    const f = naive2(seasonal, 4, 4);
    expect(f[1] / f[0]).toBeCloseTo(seasonal[57] / seasonal[56], 1);
  });

  it('penalises misses in MSIS by 2/α and counts coverage', () => {
    expect(msis([5, 12], [0, 0], [10, 10], 2)).toBeCloseTo((10 + 10 + 40 * 2) / 2 / 2, 10);
    expect(coveredCount([5, 12], [0, 0], [10, 10])).toBe(1);
  });
});
