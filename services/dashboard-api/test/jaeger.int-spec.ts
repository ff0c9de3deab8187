import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '@vigil/config';
import { createLogger } from '@vigil/observability';
import { startServices, type RunningVigil } from '@vigil/runtime';
import { freePort, waitFor } from '@vigil/testing';
// Spans enter through the real ingest service (OTLP/JSON), as in production.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { ingestService } from '@vigil/ingest';
import { dashboardApiService } from '../src';

const KEY = 'jaeger-test-key-000000001';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const quiet = () => createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

type Tag = { key: string; type: string; value: unknown };
type Span = { traceID: string; spanID: string; operationName: string; references: { refType: string; spanID: string }[]; startTime: number; duration: number; tags: Tag[]; logs: { timestamp: number; fields: Tag[] }[]; processID: string };
type Trace = { traceID: string; spans: Span[]; processes: Record<string, { serviceName: string; tags: Tag[] }> };

describe('Jaeger query API (/jaeger/api) over spans sent as OTLP', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-jaeger-'));
  let vigil: RunningVigil;
  let api: string;
  const startNs = BigInt(Date.now() - 120_000) * 1_000_000n + 123_456n;
  const at = (offsetMicros: number) => String(startNs + BigInt(offsetMicros) * 1000n);

  const get = async (path: string) => {
    const response = await fetch(`${api}/jaeger/api${path}`, { headers: { authorization: `Basic ${Buffer.from(`grafana:${KEY}`).toString('base64')}` } });
    return { status: response.status, body: (await response.json()) as { data: unknown; errors: unknown } };
  };

  beforeAll(async () => {
    const [apiPort, ingestPort, ops] = await Promise.all([freePort(), freePort(), freePort()]);
    const config = loadConfig({
      overrides: { dataDir, listen: { dashboardApi: { port: apiPort }, ingest: { port: ingestPort }, ops: { port: ops } }, auth: { apiKeys: [{ key: KEY, tenant: 'acme', role: 'editor' }] } },
    });
    vigil = await startServices({ config, services: [ingestService, dashboardApiService], logger: quiet() });
    api = `http://127.0.0.1:${apiPort}`;
    const resource = (service: string) => ({ attributes: [{ key: 'service.name', value: { stringValue: service } }, { key: 'host.name', value: { stringValue: `${service}-1` } }] });
    const response = await fetch(`http://127.0.0.1:${ingestPort}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({
        resourceSpans: [
          {
            resource: resource('frontend'),
            scopeSpans: [{ scope: { name: 'checkout-instrumentation', version: '1.2.0' }, spans: [
              { traceId: TRACE_ID, spanId: '00f067aa0ba902b7', name: 'GET /checkout', kind: 2, startTimeUnixNano: at(0), endTimeUnixNano: at(250_000), status: { code: 1 },
                attributes: [{ key: 'http.route', value: { stringValue: '/checkout' } }, { key: 'http.response.status_code', value: { intValue: '200' } }, { key: 'cache.hit', value: { boolValue: false } }],
                events: [{ name: 'cart loaded', timeUnixNano: at(1_500), attributes: [{ key: 'items', value: { stringValue: '3' } }] }] },
              { traceId: TRACE_ID, spanId: '1111111111111111', parentSpanId: '00f067aa0ba902b7', name: 'POST /charge', kind: 3, startTimeUnixNano: at(10_000), endTimeUnixNano: at(200_000),
                attributes: [{ key: 'retry.ratio', value: { doubleValue: 0.25 } }] },
            ] }],
          },
          {
            resource: resource('payments'),
            scopeSpans: [{ spans: [
              { traceId: TRACE_ID, spanId: '2222222222222222', parentSpanId: '1111111111111111', name: 'charge card', kind: 2, startTimeUnixNano: at(20_000), endTimeUnixNano: at(180_000),
                status: { code: 2, message: 'card declined' } },
            ] }],
          },
        ],
      }),
    });
    expect(response.status).toBe(200);
    await waitFor(async () => (await get(`/traces/${TRACE_ID}`)).status === 200 && ((await get(`/traces/${TRACE_ID}`)).body.data as Trace[])[0].spans.length === 3, {
      timeoutMillis: 30_000, intervalMillis: 250, what: 'the trace in the store',
    });
  }, 60_000);

  afterAll(async () => {
    await vigil?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('returns the trace with the same span tree, timings and tags', async () => {
    const { body } = await get(`/traces/${TRACE_ID.toUpperCase()}`);
    const [trace] = body.data as Trace[];
    const byId = Object.fromEntries(trace.spans.map((s) => [s.spanID, s]));
    expect(trace.traceID).toBe(TRACE_ID);
    expect(byId['00f067aa0ba902b7'].references).toEqual([]);
    expect(byId['1111111111111111'].references).toEqual([{ refType: 'CHILD_OF', traceID: TRACE_ID, spanID: '00f067aa0ba902b7' }]);
    expect(byId['2222222222222222'].references).toEqual([{ refType: 'CHILD_OF', traceID: TRACE_ID, spanID: '1111111111111111' }]);
    const startMicros = Number(startNs / 1000n);
    expect(trace.spans.map((s) => [s.operationName, s.startTime - startMicros, s.duration])).toEqual([
      ['GET /checkout', 0, 250_000],
      ['POST /charge', 10_000, 190_000],
      ['charge card', 20_000, 160_000],
    ]);
    const root = byId['00f067aa0ba902b7'];
    expect(root.tags).toEqual(expect.arrayContaining([
      { key: 'http.route', type: 'string', value: '/checkout' },
      { key: 'http.response.status_code', type: 'int64', value: 200 },
      { key: 'cache.hit', type: 'bool', value: false },
      { key: 'span.kind', type: 'string', value: 'server' },
      { key: 'otel.status_code', type: 'string', value: 'OK' },
      { key: 'otel.scope.name', type: 'string', value: 'checkout-instrumentation' },
    ]));
    expect(byId['1111111111111111'].tags).toEqual(expect.arrayContaining([{ key: 'retry.ratio', type: 'float64', value: 0.25 }, { key: 'span.kind', type: 'string', value: 'client' }]));
    expect(byId['2222222222222222'].tags).toEqual(expect.arrayContaining([{ key: 'error', type: 'bool', value: true }, { key: 'otel.status_description', type: 'string', value: 'card declined' }]));
    expect(root.logs).toEqual([{ timestamp: startMicros + 1_500, fields: [{ key: 'event', type: 'string', value: 'cart loaded' }, { key: 'items', type: 'string', value: '3' }] }]);
    expect(trace.processes[root.processID]).toEqual({ serviceName: 'frontend', tags: [{ key: 'host.name', type: 'string', value: 'frontend-1' }] });
    expect(trace.processes[byId['2222222222222222'].processID].serviceName).toBe('payments');
  });

  it('lists services and operations', async () => {
    expect((await get('/services')).body.data).toEqual(['frontend', 'payments']);
    expect((await get('/services/frontend/operations')).body.data).toEqual(['GET /checkout', 'POST /charge']);
    expect((await get('/operations?service=frontend&spanKind=client')).body.data).toEqual([{ name: 'POST /charge', spanKind: 'client' }]);
  });

  it('searches by service, operation, tags and duration', async () => {
    const search = async (query: string) => ((await get(`/traces?${query}`)).body.data as Trace[]).map((t) => t.traceID);
    const window = `start=${Number(startNs / 1000n) - 1_000_000}&end=${Number(startNs / 1000n) + 10_000_000}`;
    expect(await search(`service=frontend&${window}`)).toEqual([TRACE_ID]);
    expect(await search(`service=frontend&operation=GET%20%2Fcheckout&minDuration=200ms&${window}`)).toEqual([TRACE_ID]);
    expect(await search(`service=frontend&minDuration=300ms&${window}`)).toEqual([]);
    expect(await search(`service=frontend&maxDuration=100ms&${window}`)).toEqual([]);
    expect(await search(`service=payments&tags=${encodeURIComponent('{"error":"true"}')}&${window}`)).toEqual([TRACE_ID]);
    expect(await search(`service=frontend&tags=${encodeURIComponent('http.response.status_code=200 cache.hit=false')}&${window}`)).toEqual([TRACE_ID]);
    expect(await search(`service=frontend&tags=${encodeURIComponent('http.route=/other')}&${window}`)).toEqual([]);
  });

  it('answers Jaeger errors for unknown traces and missing keys', async () => {
    expect(await get('/traces/0000000000000000000000000000abcd')).toEqual({ status: 404, body: { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: 404, msg: 'trace not found' }] } });
    const anonymous = await fetch(`${api}/jaeger/api/services`, { headers: { authorization: 'Bearer wrong-key' } });
    expect(anonymous.status).toBe(401);
  });

  it('derives dependencies from service edges', async () => {
    await waitFor(async () => ((await get('/dependencies')).body.data as unknown[]).length > 0, { timeoutMillis: 20_000, intervalMillis: 250, what: 'service edges' });
    expect((await get('/dependencies')).body.data).toEqual([{ parent: 'frontend', child: 'payments', callCount: 1 }]);
  });
});
