import { Rejections } from '../normalize/rejections';
import type { SeriesPoints } from '../normalize/telemetry';
import { TenantLimits } from './tenant-limits';

const series = (key: string) => ({ identity: { key, name: `m${key}` }, sampleValues: [1], histograms: [], summaries: [] }) as unknown as SeriesPoints;

describe('tenant limits', () => {
  it('refuses a request over the rate with a 429 and a Retry-After from the deficit, then refills', () => {
    const limits = new TenantLimits({ pointsPerSecond: 100, burstPoints: 200, maxSeries: 10 });
    limits.takeRate('a', 200, 0);
    expect(() => limits.takeRate('a', 150, 0)).toThrow(expect.objectContaining({ status: 429, code: 'rate_limited', retryAfterSeconds: 2 }));
    limits.takeRate('b', 200, 0); // tenants have their own buckets
    expect(() => limits.takeRate('a', 150, 1500)).not.toThrow();
  });

  it('keeps known series flowing and refuses only new ones past the cardinality limit', () => {
    const limits = new TenantLimits({ pointsPerSecond: 1e9, burstPoints: 1e9, maxSeries: 2 });
    const rejections = new Rejections();
    expect(limits.admitSeries('a', [series('1'), series('2')], rejections, 0)).toHaveLength(2);
    const admitted = limits.admitSeries('a', [series('3'), series('1')], rejections, 0);
    expect(admitted.map((s) => s.identity.key)).toEqual(['1']);
    expect(Object.fromEntries(rejections.byReason())).toEqual({ series_limit_exceeded: 1 });
  });
});
