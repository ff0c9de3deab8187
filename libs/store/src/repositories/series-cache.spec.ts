import { SeriesCache } from './series-cache';

describe('SeriesCache', () => {
  it('asks for a new series, not for one written within the refresh window, again after it', () => {
    const cache = new SeriesCache(3_600_000);
    expect(cache.needsWrite('t', '42', 1_000)).toBe(true);
    cache.markWritten('t', '42', 1_000);
    expect(cache.needsWrite('t', '42', 1_000 + 3_599_999)).toBe(false);
    expect(cache.needsWrite('t', '42', 1_000 + 3_600_000)).toBe(true);
    expect(cache.needsWrite('other-tenant', '42', 1_000)).toBe(true);
  });

  it('forgets everything when full rather than grow without bound', () => {
    const cache = new SeriesCache(3_600_000, 2);
    cache.markWritten('t', '1', 0);
    cache.markWritten('t', '2', 0);
    cache.markWritten('t', '3', 0);
    expect(cache.needsWrite('t', '1', 0)).toBe(true);
    expect(cache.needsWrite('t', '3', 0)).toBe(false);
  });
});
