import { contractsFingerprinter } from '../normalize/contracts-fingerprinter';
import { SeriesAccumulator } from '../normalize/series-accumulator';
import { SeriesIdentityCache } from '../normalize/series-identity';
import { decodePointsJson } from './points-json';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const newAcc = () =>
  new SeriesAccumulator('acme', new SeriesIdentityCache({ maxLabels: 30, maxLabelNameLength: 64, maxLabelValueLength: 512 }, contractsFingerprinter), { maxPastMillis: 3_600_000, maxFutureMillis: 60_000 }, NOW);
const decode = (body: unknown) => {
  const acc = newAcc();
  decodePointsJson(Buffer.from(JSON.stringify(body)), acc);
  return acc;
};

describe('plain JSON points', () => {
  it('accepts a bare array or {points}, with RFC 3339 or millisecond timestamps and now as default', () => {
    const acc = decode({ points: [{ name: 'm', labels: { a: '1' }, timestamp: '2026-11-23T11:59:59Z', value: 1 }, { name: 'm', labels: { a: '1' }, value: 2 }] });
    const [series] = acc.series();
    expect(series.sampleTimesUnixMs).toEqual([NOW - 1000, NOW]);
    expect(decode([{ name: 'm', timestamp: NOW, value: 3 }]).accepted).toBe(1);
  });

  it('refuses an unknown field by name', () => {
    expect(() => decode([{ name: 'm', value: 1, lables: {} }])).toThrow(/Unrecognized key\(s\) in object: 'lables'/);
  });

  it('counts NaN and Inf sent as strings as non-finite values', () => {
    const acc = decode([{ name: 'm', value: 'NaN' }, { name: 'm', value: '+Inf' }]);
    expect(Object.fromEntries(acc.rejections.byReason())).toEqual({ non_finite_value: 2 });
  });
});
