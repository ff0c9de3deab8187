import { TOPICS, MetricType, createPayload, seriesFingerprint } from '@vigil/contracts';
import type { MetricBatch } from '@vigil/contracts';
import { MetricsRepository, retentionPolicy } from '../src';
import { recentMinuteUnixMs, useEmbeddedStore } from './embedded-store';

const labels = [
  { name: 'host', value: 'web-1' },
  { name: 'service.name', value: 'checkout' },
];

function gaugeBatch(tenant: string, name: string, startMs: number, values: number[], stepMs = 15_000): MetricBatch {
  return createPayload(TOPICS.metrics, {
    series: [
      {
        fingerprint: seriesFingerprint(name, labels),
        tenant,
        name,
        labels,
        type: MetricType.GAUGE,
        unit: 's',
        sampleTimesUnixMs: values.map((_, i) => startMs + i * stepMs),
        sampleValues: values,
      },
    ],
  });
}

describe('metrics repository on chDB', () => {
  const ctx = useEmbeddedStore();
  const repository = () => new MetricsRepository(ctx.store, retentionPolicy());

  it('stores a metric batch and reads the samples back by fingerprint and by name', async () => {
    const start = recentMinuteUnixMs();
    const batch = gaugeBatch('acme', 'latency_seconds', start, [0.1, 0.2, 0.3, 0.4]);
    const report = await repository().insertMetricBatch(batch);
    expect(report).toMatchObject({ series: 1, samples: 4 });

    const fingerprint = seriesFingerprint('latency_seconds', labels);
    const byFingerprint = await repository().readSamples({ tenant: 'acme', fingerprints: [fingerprint], fromUnixMs: start, toUnixMs: start + 60_000 });
    expect(byFingerprint.map((s) => [s.timeUnixMs - start, s.value])).toEqual([
      [0, 0.1],
      [15_000, 0.2],
      [30_000, 0.3],
      [45_000, 0.4],
    ]);
    expect(byFingerprint[0].fingerprint).toBe(fingerprint);

    const byName = await repository().readSamples({ tenant: 'acme', metricName: 'latency_seconds', fromUnixMs: start + 15_000, toUnixMs: start + 45_000 });
    expect(byName.map((s) => s.value)).toEqual([0.2, 0.3]);
  });

  it('keeps tenants apart', async () => {
    const start = recentMinuteUnixMs();
    await repository().insertMetricBatch(gaugeBatch('tenant-a', 'queue_depth', start, [1, 2]));
    await repository().insertMetricBatch(gaugeBatch('tenant-b', 'queue_depth', start, [7]));
    const b = await repository().readSamples({ tenant: 'tenant-b', metricName: 'queue_depth', fromUnixMs: start, toUnixMs: start + 60_000 });
    expect(b.map((s) => s.value)).toEqual([7]);
  });

  it('stores a retried batch once when it carries the same deduplication token', async () => {
    const start = recentMinuteUnixMs();
    const batch = gaugeBatch('dedup', 'cpu_ratio', start, [0.5, 0.6, 0.7]);
    await repository().insertMetricBatch(batch, { deduplicationToken: 'vigil.metrics.v1/0/100-101' });
    await repository().insertMetricBatch(batch, { deduplicationToken: 'vigil.metrics.v1/0/100-101' });
    const samples = await repository().readSamples({ tenant: 'dedup', metricName: 'cpu_ratio', fromUnixMs: start, toUnixMs: start + 60_000 });
    expect(samples).toHaveLength(3);
    const rollup = await repository().readRollup({ tenant: 'dedup', metricName: 'cpu_ratio', fromUnixMs: start, toUnixMs: start + 60_000, resolution: '1m' });
    expect(rollup.map((b) => b.count)).toEqual([3]);
  });

  it('stores names holding tabs, newlines and backslashes exactly', async () => {
    const start = recentMinuteUnixMs();
    const name = 'odd\tname\\with\nbreaks';
    await repository().insertMetricBatch(gaugeBatch('odd\ttenant', name, start, [1.25, -3e-9]), { deduplicationToken: 'vigil.metrics.v1/1/5-5' });
    const samples = await repository().readSamples({ tenant: 'odd\ttenant', metricName: name, fromUnixMs: start, toUnixMs: start + 60_000 });
    expect(samples.map((s) => [s.timeUnixMs - start, s.value])).toEqual([
      [0, 1.25],
      [15_000, -3e-9],
    ]);
  });

  it('rolls samples up into 1 m and 1 h buckets with min/max/sum/count/last and quantiles', async () => {
    const start = recentMinuteUnixMs(120);
    const values = Array.from({ length: 8 }, (_, i) => i + 1); // 2 minutes at 15 s
    await repository().insertMetricBatch(gaugeBatch('rollup', 'req_total', start, values));
    const minutes = await repository().readRollup({ tenant: 'rollup', metricName: 'req_total', fromUnixMs: start, toUnixMs: start + 120_000, resolution: '1m' });
    expect(minutes.map((b) => [b.bucketUnixMs - start, b.min, b.max, b.sum, b.count, b.last])).toEqual([
      [0, 1, 4, 10, 4, 4],
      [60_000, 5, 8, 26, 4, 8],
    ]);
    expect(minutes[0].quantiles.p50).toBeGreaterThanOrEqual(2);
    expect(minutes[0].quantiles.p50).toBeLessThanOrEqual(3);
    const hourStart = Math.floor(start / 3_600_000) * 3_600_000;
    const hours = await repository().readRollup({ tenant: 'rollup', metricName: 'req_total', fromUnixMs: hourStart, toUnixMs: hourStart + 7_200_000, resolution: '1h' });
    expect(hours.reduce((n, b) => n + b.count, 0)).toBe(8);
    expect(Math.max(...hours.map((b) => b.max))).toBe(8);
  });

  it('writes a known series row once per hour, not with every batch', async () => {
    const start = recentMinuteUnixMs();
    const writer = repository();
    expect((await writer.insertMetricBatch(gaugeBatch('cache', 'disk_bytes', start, [1]))).series).toBe(1);
    expect((await writer.insertMetricBatch(gaugeBatch('cache', 'disk_bytes', start + 15_000, [2]))).series).toBe(0);
    const rows = await ctx.store.query<{ n: string }>("SELECT count() AS n FROM metric_series WHERE tenant = 'cache'");
    expect(rows.rows).toEqual([{ n: '1' }]);
  });

  it('lists series with their labels and finds them by label value', async () => {
    const start = recentMinuteUnixMs();
    await repository().insertMetricBatch(gaugeBatch('series', 'mem_bytes', start, [1]));
    const found = await repository().listSeries({ tenant: 'series', labels: { host: 'web-1' } });
    expect(found).toEqual([
      expect.objectContaining({ metricName: 'mem_bytes', labels: { host: 'web-1', 'service.name': 'checkout' }, metricType: 'gauge', unit: 's', lastSeenUnixMs: start }),
    ]);
    expect(await repository().listSeries({ tenant: 'series', labels: { host: 'web-2' } })).toEqual([]);
  });
});
