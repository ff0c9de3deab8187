import { createPayload, decodePayload, encodePayload, topicCodec } from './codec';
import { DecodeError } from './decode-error';
import { seriesFingerprint } from './fingerprint';
import { AlertStatus } from './gen/vigil/v1/alert_pb';
import { MetricType } from './gen/vigil/v1/metrics_pb';
import { SpanKind } from './gen/vigil/v1/spans_pb';
import { ALL_TOPICS, TOPICS } from './topics';

const labels = [
  { name: 'job', value: 'api' },
  { name: 'service.name', value: 'checkout' },
];

function metricBatch(overrides: { fingerprint?: bigint; values?: number[] } = {}) {
  return createPayload(TOPICS.metrics, {
    series: [
      {
        fingerprint: overrides.fingerprint ?? seriesFingerprint('http_requests_total', labels),
        tenant: 'acme',
        name: 'http_requests_total',
        labels,
        type: MetricType.SUM,
        monotonic: true,
        sampleTimesUnixMs: [1_700_000_000_000, 1_700_000_015_000],
        sampleValues: overrides.values ?? [10, 12],
      },
    ],
  });
}

function expectDecodeError(action: () => unknown, failure: string, reason: RegExp): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
    expect((error as DecodeError).failure).toBe(failure);
    expect((error as DecodeError).reason).toMatch(reason);
    return;
  }
  throw new Error('expected a DecodeError');
}

describe('topic payload codec', () => {
  it('names every topic with a version suffix', () => {
    for (const topic of ALL_TOPICS) expect(topic).toMatch(/^vigil\.[a-z]+\.v\d+$/);
    expect(TOPICS.metrics).toBe('vigil.metrics.v1');
  });

  it('round-trips a metric batch with whole-millisecond times as plain numbers', () => {
    const decoded = decodePayload(TOPICS.metrics, encodePayload(TOPICS.metrics, metricBatch()));
    expect(decoded.series[0].sampleTimesUnixMs).toEqual([1_700_000_000_000, 1_700_000_015_000]);
    expect(decoded.series[0].sampleValues).toEqual([10, 12]);
    expect(decoded.series[0].fingerprint).toBe(seriesFingerprint('http_requests_total', labels));
  });

  it('round-trips a span with nanosecond times and typed attributes', () => {
    const codec = topicCodec(TOPICS.spans);
    const batch = createPayload(TOPICS.spans, {
      spans: [
        {
          traceId: new Uint8Array(16).fill(1),
          spanId: new Uint8Array(8).fill(2),
          tenant: 'acme',
          service: 'checkout',
          name: 'GET /cart',
          kind: SpanKind.SERVER,
          startTimeUnixNano: 1_700_000_000_000_000_123n,
          endTimeUnixNano: 1_700_000_000_250_000_000n,
          attributes: [
            { key: 'http.status_code', value: { case: 'intValue', value: 200n } },
            { key: 'http.route', value: { case: 'stringValue', value: '/cart' } },
          ],
        },
      ],
    });
    const span = codec.decode(codec.encode(batch)).spans[0];
    expect(span.startTimeUnixNano).toBe(1_700_000_000_000_000_123n);
    expect(span.attributes[0].value).toEqual({ case: 'intValue', value: 200n });
  });

  it('rejects bytes that are not protobuf as malformed', () => {
    expectDecodeError(() => decodePayload(TOPICS.metrics, new Uint8Array([0x0a, 0xff, 0xff, 0xff])), 'malformed', /./);
  });

  it('rejects an unknown topic', () => {
    expectDecodeError(() => decodePayload('vigil.metrics.v0', new Uint8Array()), 'unknown-topic', /vigil\.metrics\.v0/);
  });

  it('rejects a series whose fingerprint does not match its name and labels', () => {
    const bytes = encodePayload(TOPICS.metrics, metricBatch({ fingerprint: 42n }));
    expectDecodeError(() => decodePayload(TOPICS.metrics, bytes), 'invalid', /series\[0\]\.fingerprint/);
  });

  it('rejects a series with more values than times', () => {
    const bytes = encodePayload(TOPICS.metrics, metricBatch({ values: [1, 2, 3] }));
    expectDecodeError(() => decodePayload(TOPICS.metrics, bytes), 'invalid', /2 sample times but 3 values/);
  });

  it('rejects a span whose trace id is not 16 bytes', () => {
    const batch = createPayload(TOPICS.spans, {
      spans: [{ traceId: new Uint8Array(15), spanId: new Uint8Array(8), tenant: 'a', service: 's' }],
    });
    expectDecodeError(() => decodePayload(TOPICS.spans, encodePayload(TOPICS.spans, batch)), 'invalid', /spans\[0\]\.traceId has 15 bytes/);
  });

  it('rejects an alert without a status', () => {
    const alert = createPayload(TOPICS.alerts, { fingerprint: 'abc', tenant: 'acme', labels: [{ name: 'alertname', value: 'X' }] });
    expectDecodeError(() => decodePayload(TOPICS.alerts, encodePayload(TOPICS.alerts, alert)), 'invalid', /status/);
    alert.status = AlertStatus.FIRING;
    expect(decodePayload(TOPICS.alerts, encodePayload(TOPICS.alerts, alert)).status).toBe(AlertStatus.FIRING);
  });

  it('keeps unknown fields so a newer producer does not break an older consumer', () => {
    const known = encodePayload(TOPICS.metrics, metricBatch());
    const extra = new Uint8Array([...known, 0xf8, 0x06, 0x01]); // field 111, varint 1
    const decoded = decodePayload(TOPICS.metrics, extra);
    expect(encodePayload(TOPICS.metrics, decoded)).toEqual(extra);
  });
});
