import { create, toBinary, toJson } from '@bufbuild/protobuf';
import { seriesFingerprint } from '@vigil/contracts';
import { ExportMetricsServiceRequestSchema } from '../gen/opentelemetry/proto/collector/metrics/v1/metrics_service_pb';
import { fromBinary } from '@bufbuild/protobuf';
import { contractsFingerprinter } from '../normalize/contracts-fingerprinter';
import { SeriesAccumulator } from '../normalize/series-accumulator';
import { SeriesIdentityCache } from '../normalize/series-identity';
import { MetricKind, TemporalityKind } from '../normalize/telemetry';
import { gauge, kv, metricsRequest, millisToNanos } from '../testing/otlp-builders';
import { InputError } from './input-error';
import { decodeOtlpMetrics } from './otlp-request';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const limits = { maxLabels: 8, maxLabelNameLength: 64, maxLabelValueLength: 100 };
const window = { maxPastMillis: 3_600_000, maxFutureMillis: 60_000 };
const newAcc = () => new SeriesAccumulator('acme', new SeriesIdentityCache(limits, contractsFingerprinter), window, NOW);

function decode(body: Uint8Array, encoding: 'protobuf' | 'json' = 'protobuf') {
  const acc = newAcc();
  const warnings = decodeOtlpMetrics(Buffer.from(body), encoding, acc);
  return { acc, warnings, series: acc.series() };
}

describe('OTLP metrics decoding', () => {
  it('merges resource and point attributes into sorted labels with the contracts fingerprint', () => {
    const body = metricsRequest('checkout', [gauge('queue.depth', [{ attributes: [kv('queue', 'orders'), kv('az', 'b')], timeMillis: NOW - 1000, value: 7 }])], [kv('host.name', 'h1')]);
    const { series, acc } = decode(body);
    expect(acc.accepted).toBe(1);
    expect(series).toHaveLength(1);
    const labels = [
      { name: 'az', value: 'b' },
      { name: 'host.name', value: 'h1' },
      { name: 'queue', value: 'orders' },
      { name: 'service.name', value: 'checkout' },
    ];
    expect(series[0].identity.labels).toEqual(labels);
    expect(series[0].identity.fingerprint).toBe(seriesFingerprint('queue.depth', labels));
    expect(series[0].identity.key).toMatch(/^[0-9a-f]{16}$/);
    expect(series[0].sampleTimesUnixMs).toEqual([NOW - 1000]);
    expect(series[0].sampleValues).toEqual([7]);
  });

  it('keeps monotonic cumulative sums as raw counters with their start time and integer values', () => {
    const body = metricsRequest('api', [
      {
        name: 'http.requests',
        data: {
          case: 'sum',
          value: {
            aggregationTemporality: 2,
            isMonotonic: true,
            dataPoints: [{ startTimeUnixNano: millisToNanos(NOW - 60_000), timeUnixNano: millisToNanos(NOW - 5) + 999_999n, value: { case: 'asInt', value: 1234n } }],
          },
        },
      },
    ]);
    const [series] = decode(body).series;
    expect(series.type).toBe(MetricKind.Sum);
    expect(series.monotonic).toBe(true);
    expect(series.temporality).toBe(TemporalityKind.Cumulative);
    expect(series.startTimeUnixMs).toBe(NOW - 60_000);
    expect(series.sampleTimesUnixMs).toEqual([NOW - 5]); // nanoseconds truncate to the millisecond
    expect(series.sampleValues).toEqual([1234]);
  });

  it('keeps histogram buckets and summary quantiles, and converts exponential histograms exactly', () => {
    const t = millisToNanos(NOW - 10);
    const body = metricsRequest('api', [
      { name: 'latency', data: { case: 'histogram', value: { aggregationTemporality: 1, dataPoints: [{ timeUnixNano: t, count: 6n, sum: 3.5, bucketCounts: [1n, 2n, 3n], explicitBounds: [0.1, 1] }] } } },
      { name: 'rpc', data: { case: 'summary', value: { dataPoints: [{ timeUnixNano: t, count: 4n, sum: 2, quantileValues: [{ quantile: 0.99, value: 0.9 }, { quantile: 0.5, value: 0.4 }] }] } } },
      {
        name: 'size',
        data: { case: 'exponentialHistogram', value: { dataPoints: [{ timeUnixNano: t, count: 5n, sum: 12, scale: 0, zeroCount: 1n, positive: { offset: 1, bucketCounts: [3n, 1n] } }] } },
      },
    ]);
    const byName = Object.fromEntries(decode(body).series.map((s) => [s.identity.name, s]));
    expect(byName.latency.histograms[0]).toMatchObject({ explicitBounds: [0.1, 1], bucketCounts: [1, 2, 3], count: 6, sum: 3.5 });
    expect(byName.latency.temporality).toBe(TemporalityKind.Delta);
    expect(byName.rpc.summaries[0].quantiles).toEqual([{ quantile: 0.5, value: 0.4 }, { quantile: 0.99, value: 0.9 }]);
    // scale 0: base 2; positive offset 1 → buckets (2,4] and (4,8]; zero bucket up to 0.
    expect(byName.size.histograms[0]).toMatchObject({ explicitBounds: [0, 4, 8], bucketCounts: [1, 3, 1, 0], count: 5 });
  });

  it('refuses NaN, too-old, future, over-long and over-labelled points with reasons, keeping the rest', () => {
    const many = Array.from({ length: 9 }, (_, i) => kv(`l${i}`, 'x'));
    const body = metricsRequest('api', [
      gauge('g', [
        { timeMillis: NOW, value: 1 },
        { timeMillis: NOW, value: NaN, attributes: [kv('k', 'nan')] },
        { timeMillis: NOW - 7_200_000, value: 1, attributes: [kv('k', 'old')] },
        { timeMillis: NOW + 3_600_000, value: 1, attributes: [kv('k', 'future')] },
        { timeMillis: NOW, value: 1, attributes: [kv('sql', 'x'.repeat(101))] },
        { timeMillis: NOW, value: 1, attributes: many },
      ]),
    ]);
    const { acc } = decode(body);
    expect(acc.accepted).toBe(1);
    expect(Object.fromEntries(acc.rejections.byReason())).toEqual({
      non_finite_value: 1,
      timestamp_too_old: 1,
      timestamp_in_future: 1,
      label_value_too_long: 1,
      too_many_labels: 1,
    });
    expect(acc.rejections.message()).toContain('label "sql" has a value of 101 characters (limit 100)');
  });

  it('drops points flagged "no recorded value" without refusing them', () => {
    const body = toBinary(
      ExportMetricsServiceRequestSchema,
      create(ExportMetricsServiceRequestSchema, {
        resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'up', data: { case: 'gauge', value: { dataPoints: [{ timeUnixNano: millisToNanos(NOW), flags: 1 }] } } }] }] }],
      }),
    );
    const { acc } = decode(body);
    expect([acc.accepted, acc.stale, acc.rejections.total]).toEqual([0, 1, 0]);
  });

  it('rejects a truncated body as malformed protobuf', () => {
    const body = metricsRequest('api', [gauge('g', [{ timeMillis: NOW, value: 1 }])]);
    expect(() => decode(body.subarray(0, body.length - 3))).toThrow(InputError);
    expect(() => decode(body.subarray(0, body.length - 3))).toThrow(/malformed|not an OTLP/);
  });

  it('decodes OTLP/JSON (int64 as strings, enums as ints) to the same series as protobuf', () => {
    const body = metricsRequest('api', [gauge('g', [{ timeMillis: NOW - 1, value: 2.5, attributes: [kv('a', 'b')] }])]);
    const json = toJson(ExportMetricsServiceRequestSchema, fromBinary(ExportMetricsServiceRequestSchema, body));
    const fromJsonBody = decode(Buffer.from(JSON.stringify(json)), 'json').series;
    expect(fromJsonBody.map((s) => [s.identity.key, s.sampleValues])).toEqual(decode(body).series.map((s) => [s.identity.key, s.sampleValues]));
  });

  it('accepts unknown OTLP/JSON fields as the spec requires, with a warning naming them', () => {
    const body = JSON.stringify({ resourceMetrics: [], futureField: 1 });
    expect(decode(Buffer.from(body), 'json').warnings).toEqual(['unknown field "futureField" ignored (OTLP receivers ignore unknown fields)']);
  });

  it('answers bad JSON with a reason', () => {
    expect(() => decode(Buffer.from('{"resourceMetrics": ['), 'json')).toThrow(/not valid JSON/);
  });
});
