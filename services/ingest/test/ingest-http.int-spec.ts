import { gzipSync } from 'node:zlib';
import SnappyJS from 'snappyjs';
import { fromBinary } from '@bufbuild/protobuf';
import { ExportMetricsServiceResponseSchema } from '../src/gen/opentelemetry/proto/collector/metrics/v1/metrics_service_pb';
import { gauge, kv, metricsRequest } from '../src/testing/otlp-builders';
import { API_KEY, startIngest, type RunningIngest } from './ingest-harness';

const protobuf = { 'content-type': 'application/x-protobuf', authorization: `Bearer ${API_KEY}` };
const json = { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` };

describe('ingest HTTP API (real HTTP, MemoryBus, chDB)', () => {
  let ingest: RunningIngest;
  beforeAll(async () => {
    ingest = await startIngest({ services: { ingest: { maxBodyBytes: 1024 * 1024, labels: { maxLabelValueLength: 256 } } } });
  }, 60_000);
  afterAll(() => ingest?.stop());

  const post = (path: string, body: Uint8Array | string, headers: Record<string, string>) =>
    fetch(`${ingest.url}${path}`, { method: 'POST', body: typeof body === 'string' ? body : Buffer.from(body), headers });
  const now = () => Date.now();

  it('accepts OTLP protobuf metrics with a 200 and an empty response', async () => {
    const response = await post('/v1/metrics', metricsRequest('web', [gauge('g', [{ timeMillis: now(), value: 1 }])]), protobuf);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-protobuf');
    expect(fromBinary(ExportMetricsServiceResponseSchema, new Uint8Array(await response.arrayBuffer())).partialSuccess).toBeUndefined();
  });

  it('accepts gzip bodies', async () => {
    const body = gzipSync(metricsRequest('web', [gauge('g', [{ timeMillis: now(), value: 2 }])]));
    const response = await post('/v1/metrics', body, { ...protobuf, 'content-encoding': 'gzip' });
    expect(response.status).toBe(200);
  });

  it('answers a partly bad request with 200 and OTLP partial success naming the reasons', async () => {
    const body = metricsRequest('web', [
      gauge('g', [
        { timeMillis: now(), value: 1 },
        { timeMillis: now(), value: NaN, attributes: [kv('k', 'nan')] },
        { timeMillis: now(), value: 1, attributes: [kv('sql', 'x'.repeat(300))] },
      ]),
    ]);
    const response = await post('/v1/metrics', body, protobuf);
    expect(response.status).toBe(200);
    const partial = fromBinary(ExportMetricsServiceResponseSchema, new Uint8Array(await response.arrayBuffer())).partialSuccess;
    expect(partial?.rejectedDataPoints).toBe(2n);
    expect(partial?.errorMessage).toMatch(/non_finite_value.*label_value_too_long|label_value_too_long.*non_finite_value/);
  });

  it.each([
    ['a truncated protobuf', '/v1/metrics', () => metricsRequest('web', [gauge('g', [{ timeMillis: now(), value: 1 }])]).subarray(0, 40), protobuf, 400, /malformed_protobuf/],
    ['a wrong content type', '/v1/metrics', () => 'hello', { ...json, 'content-type': 'text/plain' }, 415, /unsupported_media_type/],
    ['bad JSON', '/v1/metrics', () => '{"resourceMetrics": [', json, 400, /malformed_json/],
    ['only NaN values', '/api/v1/points', () => JSON.stringify([{ name: 'm', value: 'NaN' }]), json, 400, /non_finite_value/],
    ['a huge label value', '/api/v1/points', () => JSON.stringify([{ name: 'm', value: 1, labels: { q: 'x'.repeat(1000) } }]), json, 400, /label_value_too_long/],
    ['an unknown field', '/api/v1/points', () => JSON.stringify([{ name: 'm', value: 1, lables: {} }]), json, 400, /unknown_field.*lables/],
    ['bad snappy', '/api/v1/write', () => 'not snappy', protobuf, 400, /malformed_snappy/],
    ['bad gzip', '/v1/metrics', () => 'not gzip', { ...protobuf, 'content-encoding': 'gzip' }, 400, /malformed_gzip/],
    ['no API key', '/v1/metrics', () => '{}', { 'content-type': 'application/json' }, 401, /missing_api_key/],
    ['an unknown API key', '/v1/metrics', () => '{}', { ...json, authorization: 'Bearer nope' }, 401, /invalid_api_key/],
    ['a body over the limit', '/api/v1/points', () => 'x'.repeat(2 * 1024 * 1024), json, 413, /body_too_large/],
    ['an Alertmanager payload of the wrong version', '/api/v1/alerts', () => JSON.stringify({ version: '3', status: 'firing', alerts: [] }), json, 400, /version/],
  ])('refuses %s with a 4xx and a reason', async (_what, path, body, headers, status, reason) => {
    const response = await post(path, body(), headers);
    expect(response.status).toBe(status);
    expect(await response.text()).toMatch(reason);
  });

  it('stays up after every malformed request', async () => {
    const metrics = await (await fetch(`${ingest.url}/metrics`)).text();
    expect(metrics).toMatch(/vigil_ingest_requests_refused_total\{[^}]*code="malformed_protobuf"[^}]*\} 1/);
    expect(metrics).toMatch(/vigil_ingest_points_rejected_total\{endpoint="otlp_metrics",reason="non_finite_value"[^}]*\} 1/);
    const ok = await post('/api/v1/points', JSON.stringify([{ name: 'after', value: 1 }]), json);
    expect(await ok.json()).toEqual({ accepted: 1, rejected: 0, message: '' });
  });

  it('takes Prometheus remote_write (snappy) with a 204', async () => {
    const { create, toBinary } = await import('@bufbuild/protobuf');
    const { WriteRequestSchema } = await import('../src/gen/remote_pb');
    const request = create(WriteRequestSchema, { timeseries: [{ labels: [{ name: '__name__', value: 'up' }, { name: 'job', value: 'p' }], samples: [{ value: 1, timestamp: BigInt(now()) }] }] });
    const response = await post('/api/v1/write', SnappyJS.compress(toBinary(WriteRequestSchema, request)), { ...protobuf, 'content-encoding': 'snappy' });
    expect(response.status).toBe(204);
  });

  it('publishes Alertmanager webhook alerts', async () => {
    const payload = { version: '4', status: 'firing', alerts: [{ status: 'firing', labels: { alertname: 'X' }, annotations: {}, startsAt: new Date().toISOString() }] };
    const response = await post('/api/v1/alerts', JSON.stringify(payload), json);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'success', accepted: 1 });
  });
});
