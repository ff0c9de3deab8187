import { MetricType, TOPICS, createPayload, hexToBytes, seriesFingerprint } from '@vigil/contracts';
import { retentionPolicy } from '../retention';
import { nanosToDateTime64, splitAttributes } from './attributes';
import { metricBatchToRows, metricSamplesTabSeparated } from './metrics.rows';
import { spanToRow } from './traces.rows';

const retention = retentionPolicy({ metrics: 30 }, { 'big-tenant': { metrics: 400 } });
const labels = [{ name: 'job', value: 'api' }];

describe('metric batch rows', () => {
  it('turns one series into a series row and one sample row per finite point', () => {
    const batch = createPayload(TOPICS.metrics, {
      series: [
        {
          fingerprint: seriesFingerprint('up', labels),
          tenant: 'big-tenant',
          name: 'up',
          labels,
          type: MetricType.GAUGE,
          sampleTimesUnixMs: [1000, 2000, 3000],
          sampleValues: [1, Number.NaN, 0],
        },
      ],
    });
    const rows = metricBatchToRows(batch, retention);
    expect(rows.series).toEqual([
      expect.objectContaining({ fingerprint: seriesFingerprint('up', labels).toString(), labels: { job: 'api' }, metric_type: MetricType.GAUGE, last_seen: 3000, retention_days: 400 }),
    ]);
    expect(rows.samples.map((s) => [s.time, s.value, s.retention_days])).toEqual([
      [1000, 1, 400],
      [3000, 0, 400],
    ]);
    expect(rows.droppedNonFinite).toBe(1);
  });

  it('writes one series row when a batch repeats a series, with the latest time seen', () => {
    const series = { fingerprint: seriesFingerprint('up', labels), tenant: 't', name: 'up', labels, type: MetricType.GAUGE };
    const batch = createPayload(TOPICS.metrics, {
      series: [
        { ...series, sampleTimesUnixMs: [5000], sampleValues: [1] },
        { ...series, sampleTimesUnixMs: [9000], sampleValues: [1] },
      ],
    });
    const rows = metricBatchToRows(batch, retention);
    expect(rows.series.map((s) => [s.last_seen, s.retention_days])).toEqual([[9000, 30]]);
    expect(rows.samples).toHaveLength(2);
  });

  it('encodes the same sample rows as TabSeparated text, strings escaped', () => {
    const odd = [{ name: 'path', value: 'a' }];
    const batch = createPayload(TOPICS.metrics, {
      series: [
        { fingerprint: seriesFingerprint('up', labels), tenant: 'big-tenant', name: 'up', labels, type: MetricType.GAUGE, sampleTimesUnixMs: [1000, 2000, 3000], sampleValues: [1, Number.NaN, 0.25] },
        { fingerprint: seriesFingerprint('a\tb\\c\nd', odd), tenant: 't', name: 'a\tb\\c\nd', labels: odd, type: MetricType.GAUGE, sampleTimesUnixMs: [4000], sampleValues: [-1e-7] },
      ],
    });
    const text = metricSamplesTabSeparated(batch, retention);
    expect(text.rows).toBe(3);
    expect(text.droppedNonFinite).toBe(1);
    const rows = metricBatchToRows(batch, retention).samples.map((r) => [r.tenant, r.metric_name, r.fingerprint, String(r.time), String(r.value), String(r.retention_days)]);
    const unescape = (field: string) => field.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', '\\': '\\' })[c] ?? c);
    const lines = text.body.toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => line.split('\t').map(unescape))).toEqual(rows);
    expect(lines[2].split('\t')[1]).toBe('a\\tb\\\\c\\nd');
  });

  it('keeps histogram buckets and 64-bit counts exact', () => {
    const batch = createPayload(TOPICS.metrics, {
      series: [
        {
          fingerprint: seriesFingerprint('h', labels), tenant: 't', name: 'h', labels, type: MetricType.HISTOGRAM,
          histograms: [{ timeUnixMs: 1000, explicitBounds: [0.1, 1], bucketCounts: [3n, 2n, 18446744073709551615n], sum: 7, count: 5n }],
        },
      ],
    });
    expect(metricBatchToRows(batch, retention).histograms[0]).toMatchObject({ bucket_counts: ['3', '2', '18446744073709551615'], count: '5', min: null });
  });
});

describe('span rows', () => {
  it('writes ids as hex, the start as exact DateTime64(9) text and the duration in ns', () => {
    const span = createPayload(TOPICS.spans, {
      spans: [{ traceId: hexToBytes('0af7651916cd43dd8448eb211c80319c'), spanId: hexToBytes('b7ad6b7169203331'), tenant: 't', service: 's', startTimeUnixNano: 1_700_000_000_000_000_123n, endTimeUnixNano: 1_700_000_000_000_500_123n }],
    }).spans[0];
    expect(spanToRow(span, retention)).toMatchObject({
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      span_id: 'b7ad6b7169203331',
      parent_span_id: '',
      start_time: '1700000000.000000123',
      duration_ns: '500000',
      retention_days: 7,
    });
  });

  it('splits attributes by type and keeps non-finite doubles as text', () => {
    expect(
      splitAttributes([
        { key: 's', value: { case: 'stringValue', value: 'x' } },
        { key: 'i', value: { case: 'intValue', value: 3n } },
        { key: 'd', value: { case: 'doubleValue', value: Number.POSITIVE_INFINITY } },
        { key: 'b', value: { case: 'boolValue', value: false } },
      ] as never),
    ).toEqual({ attributes_string: { s: 'x', d: 'Infinity' }, attributes_number: { i: 3 }, attributes_bool: { b: false } });
    expect(nanosToDateTime64(5n)).toBe('0.000000005');
  });
});

describe('retention policy', () => {
  it('refuses a retention that is not a whole number of days in range', () => {
    expect(() => retentionPolicy({ logs: 0 })).toThrow(/logs/);
    expect(() => retentionPolicy({}, { t: { spans: 1.5 } })).toThrow(/t\.spans/);
  });
});
