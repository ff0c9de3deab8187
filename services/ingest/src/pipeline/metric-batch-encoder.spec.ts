import { TOPICS, decodePayload, seriesFingerprint } from '@vigil/contracts';
import type { SeriesPoints } from '../normalize/telemetry';
import { MetricKind, TemporalityKind } from '../normalize/telemetry';
import { encodeMetricBatch } from './metric-batch-encoder';

function series(name: string, labels: { name: string; value: string }[], extra: Partial<SeriesPoints> = {}): SeriesPoints {
  const fingerprint = seriesFingerprint(name, labels);
  return {
    identity: { fingerprint, key: fingerprint.toString(16).padStart(16, '0'), tenant: 'acme', name, labels },
    type: MetricKind.Sum,
    monotonic: true,
    temporality: TemporalityKind.Cumulative,
    unit: 'ms',
    description: 'Dauer — ünïcode',
    startTimeUnixMs: 1_700_000_000_000,
    sampleTimesUnixMs: [1_700_000_000_123, 1_700_000_060_000],
    sampleValues: [1.5, -2],
    histograms: [],
    summaries: [],
    ...extra,
  };
}

describe('hand-written MetricBatch encoding', () => {
  it('decodes with the contracts codec to the same series, twice (cached header)', () => {
    const a = series('http.requests', [{ name: 'route', value: '/a' }, { name: 'service.name', value: 'web' }]);
    const b = series('latency', [{ name: 'le', value: 'x' }], {
      type: MetricKind.Histogram,
      monotonic: false,
      temporality: TemporalityKind.Delta,
      startTimeUnixMs: 0,
      sampleTimesUnixMs: [],
      sampleValues: [],
      histograms: [{ timeUnixMs: 5, explicitBounds: [1, 2], bucketCounts: [1, 0, 3], sum: 7, count: 4, min: 0.5 }],
      summaries: [],
    });
    for (let round = 0; round < 2; round++) {
      const batch = decodePayload(TOPICS.metrics, encodeMetricBatch([a, b]));
      expect(batch.series).toHaveLength(2);
      const [first, second] = batch.series;
      expect(first).toMatchObject({ fingerprint: a.identity.fingerprint, tenant: 'acme', name: 'http.requests', type: 2, monotonic: true, temporality: 1, unit: 'ms', description: 'Dauer — ünïcode' });
      expect(first.labels.map((l) => [l.name, l.value])).toEqual([['route', '/a'], ['service.name', 'web']]);
      expect(Number(first.startTimeUnixMs)).toBe(1_700_000_000_000);
      expect(first.sampleTimesUnixMs.map(Number)).toEqual([1_700_000_000_123, 1_700_000_060_000]);
      expect(first.sampleValues).toEqual([1.5, -2]);
      expect(second.histograms[0]).toMatchObject({ explicitBounds: [1, 2], sum: 7, min: 0.5 });
      expect(second.histograms[0].bucketCounts.map(Number)).toEqual([1, 0, 3]);
    }
  });
});
