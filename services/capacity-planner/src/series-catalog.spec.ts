import { fingerprintToHex } from '@vigil/contracts';
import { parseCapacityPlannerSettings } from './capacity-planner.config';
import { ownedSeries, partitionOf, resourceSeries } from './series-catalog';

const settings = parseCapacityPlannerSettings({
  resources: [
    { name: 'data-disk', kind: 'filesystem', selector: '{mountpoint="/data"}' },
    { name: 'disks', kind: 'filesystem' },
  ],
});
const row = (fingerprint: bigint, metricName: string, labels: Record<string, string>) => ({ tenant: 't', fingerprint, metricName, labels });

describe('resource series catalog', () => {
  const catalog = [
    row(1n, 'system.filesystem.usage', { mountpoint: '/data', state: 'used' }),
    row(2n, 'system.filesystem.usage', { mountpoint: '/' }),
    row(3n, 'system.filesystem.limit', { mountpoint: '/data' }),
    row(4n, 'system.filesystem.limit', {}),
    row(5n, 'http.server.request.duration', {}),
  ];

  it('matches each usage series to the first resource whose selector accepts it', () => {
    const series = resourceSeries(settings.resources, catalog);
    expect(series.map((s) => [s.fingerprint, s.resource])).toEqual([
      [1n, 'data-disk'],
      [2n, 'disks'],
    ]);
  });

  it('pairs the limit series with the largest label subset of the usage series', () => {
    const [data, root] = resourceSeries(settings.resources, catalog);
    expect(data.limitFingerprint).toBe(3n);
    expect(root.limitFingerprint).toBe(4n);
  });

  it('splits series between replicas by the partition of their fingerprint, with none left over or shared', () => {
    const many = Array.from({ length: 200 }, (_, i) => row(BigInt(1000 + i * 7919), 'system.filesystem.usage', { mountpoint: `/m${i}` }));
    const series = resourceSeries(settings.resources, many);
    const partitions = 12;
    const a = ownedSeries(series, new Set([0, 2, 4, 6, 8, 10]), partitions);
    const b = ownedSeries(series, new Set([1, 3, 5, 7, 9, 11]), partitions);
    expect(a.length + b.length).toBe(200);
    expect(a.length).toBeGreaterThan(50);
    expect(b.length).toBeGreaterThan(50);
    expect(new Set([...a, ...b].map((s) => s.fingerprint)).size).toBe(200);
    expect(partitionOf(fingerprintToHex(1n), partitions)).toBe(partitionOf('0000000000000001', partitions));
  });
});
