import { float64sFromHex, inTimeOrder, staleMarkers } from './sample-columns';

/** What ClickHouse's hex() writes for a Float64: its little-endian bytes. */
function hexOf(values: readonly number[]): string {
  const buffer = Buffer.alloc(values.length * 8);
  values.forEach((value, i) => buffer.writeDoubleLE(value, i * 8));
  return buffer.toString('hex').toUpperCase();
}

/** Prometheus's stale marker 0x7ff0000000000002 as ClickHouse's hex() prints it (little-endian). */
const STALE_HEX = '020000000000F07F';

describe('sample columns', () => {
  it('decodes hex Float64 columns exactly, including infinities and NaN', () => {
    const values = [0, -0.5, 1e-300, 1795457043100, Infinity, -Infinity, NaN];
    const decoded = float64sFromHex(hexOf(values));
    expect(Array.from(decoded)).toEqual(values);
    expect(Object.is(decoded[0], 0)).toBe(true);
  });

  it('refuses a string that is not whole Float64s', () => {
    expect(() => float64sFromHex('ABC')).toThrow(/not a whole number/);
  });

  it('finds stale markers by their bit pattern, and only them', () => {
    const decoded = float64sFromHex(hexOf([1, NaN]) + STALE_HEX);
    expect(Array.from(staleMarkers(decoded) ?? [])).toEqual([0, 0, 1]);
    expect(staleMarkers(float64sFromHex(hexOf([1, NaN, Infinity])))).toBeUndefined();
  });

  it('keeps ordered columns as they are and sorts the rest, the later of two same-millisecond samples winning', () => {
    const times = new Float64Array([1000, 2000, 3000]);
    const values = new Float64Array([1, 2, 3]);
    expect(inTimeOrder(times, values).times).toBe(times);
    const sorted = inTimeOrder(new Float64Array([3000, 1000, 2000, 1000]), new Float64Array([3, 1, 2, 10]));
    expect(Array.from(sorted.times)).toEqual([1000, 2000, 3000]);
    expect(Array.from(sorted.values)).toEqual([10, 2, 3]);
  });
});
