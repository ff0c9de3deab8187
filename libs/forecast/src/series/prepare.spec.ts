import { prepareSeries } from './prepare';

describe('prepareSeries', () => {
  it('interpolates short interior gaps linearly and drops leading and trailing gaps', () => {
    const prepared = prepareSeries([NaN, 1, 2, NaN, NaN, 5, Infinity]);
    expect(Array.from(prepared.values)).toEqual([1, 2, 3, 4, 5]);
    expect(prepared).toMatchObject({ offset: 1, filledCount: 2, trailingGapCount: 1 });
  });

  it('fills a long gap in a seasonal series from the previous cycle', () => {
    const raw: number[] = Array.from({ length: 48 }, (_, t) => (t % 12 < 6 ? 10 : 20));
    for (let t = 26; t < 32; t++) raw[t] = NaN;
    const prepared = prepareSeries(raw, 12);
    expect(Array.from(prepared.values.subarray(26, 32))).toEqual([10, 10, 10, 10, 20, 20]);
  });

  it('returns an empty series when nothing is finite', () => {
    expect(prepareSeries([NaN, -Infinity]).values).toHaveLength(0);
  });
});
