import { create, toBinary } from '@bufbuild/protobuf';
import { MetricBatchSchema, TOPICS, decodePayload, seriesFingerprint } from '@vigil/contracts';
import { decodeMetricBatchFast } from './metric-batch-decoder';

const labels = [
  { name: 'route', value: '/a' },
  { name: 'service.name', value: 'wëb' },
];

function batchBytes(fingerprint = seriesFingerprint('http.requests', labels)): Uint8Array {
  return toBinary(
    MetricBatchSchema,
    create(MetricBatchSchema, {
      series: [
        { fingerprint, tenant: 'acme', name: 'http.requests', labels, type: 2, monotonic: true, temporality: 1, unit: '1', startTimeUnixMs: 5, sampleTimesUnixMs: [10, 20], sampleValues: [1.5, 2] },
        {
          fingerprint: seriesFingerprint('lat', []),
          tenant: 'acme',
          name: 'lat',
          type: 3,
          histograms: [{ timeUnixMs: 10, explicitBounds: [1], bucketCounts: [2n, 3n], sum: 4, count: 5n }],
        },
      ],
    }),
  );
}

describe("the writer's MetricBatch decoder", () => {
  it('decodes exactly what the contracts codec decodes', () => {
    const bytes = batchBytes();
    expect(decodeMetricBatchFast(bytes)).toEqual(decodePayload(TOPICS.metrics, bytes));
  });

  it('refuses a series whose fingerprint does not match, as the contracts codec does', () => {
    expect(() => decodeMetricBatchFast(batchBytes(123n))).toThrow(/fingerprint does not match/);
    expect(() => decodePayload(TOPICS.metrics, batchBytes(123n))).toThrow(/fingerprint does not match/);
  });

  it('refuses truncated bytes as malformed', () => {
    const bytes = batchBytes();
    expect(() => decodeMetricBatchFast(bytes.subarray(0, bytes.length - 5))).toThrow(/malformed/);
  });
});

describe("the writer's MetricBatch decoder on repeated series", () => {
  it('decodes a series seen before exactly as the contracts codec does, twice in a row', () => {
    const bytes = batchBytes();
    decodeMetricBatchFast(bytes);
    const again = decodeMetricBatchFast(bytes);
    expect(again).toEqual(decodePayload(TOPICS.metrics, bytes));
  });

  it('still refuses a known fingerprint whose labels were changed', () => {
    decodeMetricBatchFast(batchBytes());
    const forged = create(MetricBatchSchema, {
      series: [{ fingerprint: seriesFingerprint('http.requests', labels), tenant: 'acme', name: 'http.requests', labels: [{ name: 'route', value: '/b' }], type: 2, sampleTimesUnixMs: [1], sampleValues: [1] }],
    });
    expect(() => decodeMetricBatchFast(toBinary(MetricBatchSchema, forged))).toThrow(/fingerprint does not match/);
  });
});
