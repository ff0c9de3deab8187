import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { loadConfig } from '@vigil/config';
import { createLogger } from '@vigil/observability';
import { startServices, type RunningVigil } from '@vigil/runtime';
import { freePort, waitFor } from '@vigil/testing';
// Data must enter the way it does in production, through the real ingest service; a test may
// start two services, the service code itself never imports another.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { ingestService } from '@vigil/ingest';
import { dashboardApiService } from '../src';

// dashboard-api in embedded mode (MemoryBus, chDB) with data written through ingest's HTTP API
// (JSON points, OTLP/JSON traces and logs). The OpenAPI document the service serves is the
// oracle: every answer validates against it, and the tenant checks walk its paths.
const KEYS = {
  adminA: 'tenant-a-admin-key-0001',
  viewerA: 'tenant-a-viewer-key-001',
  adminB: 'tenant-b-admin-key-0001',
};
const TRACE_ID = '5b8efff798038103d269b633813fc60c';
const quiet = () => createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

interface Operation {
  path: string;
  method: string;
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}

describe('dashboard-api (embedded, data through ingest)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-api-'));
  let vigil: RunningVigil;
  let api: string;
  let ingest: string;
  let document: { openapi: string; paths: Record<string, Record<string, Operation>> };
  const nowMillis = Date.now();

  const call = async (method: string, path: string, key?: string, body?: unknown) => {
    const response = await fetch(api + path, {
      method,
      headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const send = async (path: string, body: unknown) => {
    const response = await fetch(ingest + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KEYS.adminA}` }, body: JSON.stringify(body) });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    const [apiPort, ingestPort, ops] = await Promise.all([freePort(), freePort(), freePort()]);
    const config = loadConfig({
      overrides: {
        dataDir,
        listen: { dashboardApi: { port: apiPort }, ingest: { port: ingestPort }, ops: { port: ops } },
        services: { 'dashboard-api': { llmPricesUsdPerMillionTokens: { 'gpt-4o': { input: 2.5, output: 10 } } } },
        auth: {
          apiKeys: [
            { key: KEYS.adminA, tenant: 'tenant-a', role: 'admin' },
            { key: KEYS.viewerA, tenant: 'tenant-a', role: 'viewer' },
            { key: KEYS.adminB, tenant: 'tenant-b', role: 'admin' },
          ],
        },
      },
    });
    vigil = await startServices({ config, services: [ingestService, dashboardApiService], logger: quiet() });
    api = `http://127.0.0.1:${apiPort}`;
    ingest = `http://127.0.0.1:${ingestPort}`;
    const minute = Math.floor(nowMillis / 60_000) * 60_000;
    const points = [];
    for (let i = 0; i < 30; i++) {
      for (const host of ['web-1', 'web-2']) {
        points.push({ name: 'cpu_usage', labels: { host, service: 'checkout' }, timestamp: minute - (30 - i) * 60_000, value: 40 + i + (host === 'web-2' ? 10 : 0) });
        points.push({ name: 'requests_total', type: 'counter', labels: { host }, timestamp: minute - (30 - i) * 60_000, value: i === 15 ? 5 : i * 100 });
      }
    }
    await send('/api/v1/points', points);
    const startNs = BigInt(nowMillis - 60_000) * 1_000_000n;
    await send('/v1/traces', {
      resourceSpans: [
        { resource: { attributes: [{ key: 'service.name', value: { stringValue: 'frontend' } }] }, scopeSpans: [{ spans: [
          { traceId: TRACE_ID, spanId: '0000000000000001', name: 'GET /checkout', kind: 2, startTimeUnixNano: String(startNs), endTimeUnixNano: String(startNs + 50_000_000n), status: { code: 1 },
            attributes: [{ key: 'http.route', value: { stringValue: '/checkout' } }], events: [{ name: 'cache miss', timeUnixNano: String(startNs + 1_000_000n) }] },
        ] }] },
        { resource: { attributes: [{ key: 'service.name', value: { stringValue: 'payments' } }] }, scopeSpans: [{ spans: [
          { traceId: TRACE_ID, spanId: '0000000000000002', parentSpanId: '0000000000000001', name: 'charge', kind: 2, startTimeUnixNano: String(startNs + 5_000_000n), endTimeUnixNano: String(startNs + 40_000_000n), status: { code: 2 } },
        ] }] },
      ],
    });
    const attrs = (pairs: Record<string, string>) => Object.entries(pairs).map(([key, value]) => ({ key, value: { stringValue: value } }));
    const histogram = (name: string, points: { labels: Record<string, string>; at: number; count: number; sum: number }[]) => ({
      name,
      histogram: {
        aggregationTemporality: 2,
        dataPoints: points.map((p) => ({ attributes: attrs(p.labels), startTimeUnixNano: String(BigInt(minute - 3_600_000) * 1_000_000n), timeUnixNano: String(BigInt(p.at) * 1_000_000n), count: String(p.count), sum: p.sum, bucketCounts: [String(p.count)], explicitBounds: [] })),
      },
    });
    const model = { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.operation.name': 'chat' };
    await send('/v1/metrics', {
      resourceMetrics: [{ resource: { attributes: attrs({ 'service.name': 'assistant' }) }, scopeMetrics: [{ metrics: [
        histogram('gen_ai.client.token.usage', [
          { labels: { ...model, 'gen_ai.token.type': 'input' }, at: minute - 600_000, count: 2, sum: 1_000 },
          { labels: { ...model, 'gen_ai.token.type': 'input' }, at: minute - 60_000, count: 5, sum: 4_000 },
          { labels: { ...model, 'gen_ai.token.type': 'output' }, at: minute - 600_000, count: 2, sum: 100 },
          { labels: { ...model, 'gen_ai.token.type': 'output' }, at: minute - 60_000, count: 5, sum: 600 },
        ]),
        histogram('gen_ai.client.operation.duration', [
          { labels: model, at: minute - 600_000, count: 2, sum: 1 },
          { labels: model, at: minute - 60_000, count: 6, sum: 3 },
          { labels: { ...model, 'error.type': 'timeout' }, at: minute - 600_000, count: 0, sum: 0 },
          { labels: { ...model, 'error.type': 'timeout' }, at: minute - 60_000, count: 2, sum: 4 },
        ]),
      ] }] }],
    });
    await send('/v1/logs', {
      resourceLogs: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'payments' } }] }, scopeLogs: [{ logRecords: [
        { timeUnixNano: String(startNs + 6_000_000n), severityNumber: 17, severityText: 'ERROR', body: { stringValue: 'card declined by issuer' }, traceId: TRACE_ID, spanId: '0000000000000002' },
      ] }] }],
    });
    let last = '';
    await waitFor(async () => {
      const [series, trace, logs, llm] = await Promise.all([
        call('GET', '/api/v1/metrics/series?selector=cpu_usage', KEYS.adminA),
        call('GET', `/api/v1/traces/${TRACE_ID}`, KEYS.adminA),
        call('GET', '/api/v1/logs?text=declined', KEYS.adminA),
        call('GET', '/api/v1/llm/usage', KEYS.adminA),
      ]);
      last = JSON.stringify([series, trace.status, logs]).slice(0, 600);
      return (series.json.items as unknown[] | undefined)?.length === 2 && trace.status === 200 && (logs.json.items as unknown[] | undefined)?.length === 1 && (llm.json.items as unknown[] | undefined)?.length === 1;
    }, { timeoutMillis: 30_000, what: 'data through ingest' }).catch((error: Error) => {
      throw new Error(`${error.message}: ${last}`);
    });
    document = (await call('GET', '/openapi.json')).json as typeof document;
  }, 90_000);

  afterAll(async () => {
    await vigil?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  /** Checks an answer against the served document's schema for its path, method and status. */
  function expectValid(path: string, method: string, status: number, body: unknown, type: string) {
    const operation = document.paths[path][method];
    const response = operation.responses[String(status)];
    expect({ path, method, status, documented: response !== undefined }).toEqual({ path, method, status, documented: true });
    const media = type.split(';')[0];
    const schema = response.content?.[media]?.schema;
    expect({ path, media, hasSchema: schema !== undefined }).toEqual({ path, media, hasSchema: true });
    // Shared schemas (the recursive span tree) are referenced as #/components/schemas/…
    const validate = ajv.compile({ ...(schema as object), components: (document as { components?: object }).components });
    const ok = validate(body);
    expect({ path, status, errors: ok ? null : validate.errors }).toEqual({ path, status, errors: null });
  }

  /** A concrete URL for a documented path: known ids for path parameters, required query values. */
  function concrete(path: string): string {
    const id = path.startsWith('/api/v1/dashboards/') ? 'builtin-service-overview' : 'missing-id';
    const filled = path.replace('{traceId}', TRACE_ID).replace('{label}', 'host').replace('{id}', id).replace('{widgetId}', 'map');
    const query = path.endsWith('/series') || path.endsWith('/query_range') ? '?selector=cpu_usage' : '';
    return filled + query;
  }

  /** Ids that do not exist answer 404 (built-in dashboards exist for both tenants); B never sees A's trace. */
  const expectedStatus = (path: string, otherTenant: boolean) =>
    (path.includes('{id}') && !path.startsWith('/api/v1/dashboards/')) || (otherTenant && path.includes('{traceId}')) ? 404 : 200;

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => ({ path, method })));

  it('serves an OpenAPI 3.1 document with versioned routes and a docs page', async () => {
    expect(document.openapi).toBe('3.1.0');
    const paths = Object.keys(document.paths);
    expect(paths.length).toBeGreaterThanOrEqual(18);
    expect(paths.every((p) => p.startsWith('/api/v1/'))).toBe(true);
    const docs = await fetch(`${api}/docs`);
    expect(await docs.text()).toContain('SwaggerUIBundle');
    expect((await fetch(`${api}/health`)).status).toBe(200);
  });

  it('answers every read route with a body that validates against the document', async () => {
    for (const { path } of operations().filter((o) => o.method === 'get')) {
      const answer = await call('GET', concrete(path), KEYS.adminA);
      expect({ path, status: answer.status }).toEqual({ path, status: expectedStatus(path, false) });
      expectValid(path, 'get', answer.status, answer.json, answer.type);
    }
  }, 30_000);

  it('shows tenant A’s data to tenant A only, on every read route', async () => {
    for (const { path } of operations().filter((o) => o.method === 'get')) {
      const answer = await call('GET', concrete(path), KEYS.adminB);
      expect({ path, status: answer.status }).toEqual({ path, status: expectedStatus(path, true) });
      // A 404's problem repeats the id it was asked for; only data the URL did not name is a leak.
      const text = JSON.stringify(answer.json);
      for (const marker of ['cpu_usage', 'web-1', 'checkout', TRACE_ID, 'declined', 'frontend', 'tenant-a', 'gpt-4o'].filter((m) => !concrete(path).includes(m))) {
        expect({ path, leaks: text.includes(marker) ? marker : null }).toEqual({ path, leaks: null });
      }
    }
  }, 30_000);

  it('refuses every route without a key (401) and every write with a viewer key (403), as problem+json', async () => {
    for (const { path, method } of operations()) {
      const anonymous = await call(method.toUpperCase(), concrete(path), undefined, method === 'get' ? undefined : {});
      expect({ path, method, status: anonymous.status }).toEqual({ path, method, status: 401 });
      expect(anonymous.type).toContain('application/problem+json');
      expectValid(path, method, 401, anonymous.json, anonymous.type);
      if (method === 'get') continue;
      const viewer = await call(method.toUpperCase(), concrete(path), KEYS.viewerA, {});
      expect({ path, method, status: viewer.status }).toEqual({ path, method, status: 403 });
      expect(String(viewer.json.detail)).toMatch(/needs the (editor|admin) role/);
    }
  }, 30_000);

  it('answers range queries from the 1 m rollup with rate over counter resets and group by', async () => {
    const to = Math.floor(nowMillis / 60_000) * 60_000;
    const from = to - 30 * 60_000;
    const avg = await call('GET', `/api/v1/metrics/query_range?selector=cpu_usage{host="web-2"}&from=${from}&to=${to}&stepSeconds=600&aggregation=max`, KEYS.viewerA);
    expect(avg.json.resolution).toBe('1m');
    const series = avg.json.series as { labels: Record<string, string>; points: [number, number][] }[];
    expect(series).toHaveLength(1);
    expect(series[0].points.map((p) => p[1])).toEqual([59, 69, 79]);
    const increase = await call('GET', `/api/v1/metrics/query_range?selector=requests_total&from=${from}&to=${to}&stepSeconds=1800&fn=increase&groupBy=`, KEYS.viewerA);
    const total = (increase.json.series as { points: [number, number][] }[])[0].points[0][1];
    // Per host: 0..1400 step 100, a reset to 5 at i=15, then 1600..2900: 1400 + 5 + (1600-5) + 1300 = 4300.
    expect(total).toBe(2 * 4300);
  });

  it('returns a trace as a span tree with events, the service map and logs with their trace link', async () => {
    const trace = await call('GET', `/api/v1/traces/${TRACE_ID}`, KEYS.viewerA);
    const roots = trace.json.roots as { service: string; events: { name: string }[]; children: { service: string; status: string }[] }[];
    expect(roots).toHaveLength(1);
    expect(roots[0].service).toBe('frontend');
    expect(roots[0].events[0].name).toBe('cache miss');
    expect(roots[0].children.map((c) => [c.service, c.status])).toEqual([['payments', 'error']]);
    const search = await call('GET', '/api/v1/traces?service=payments&status=error', KEYS.viewerA);
    expect((search.json.items as { traceId: string }[]).map((s) => s.traceId)).toEqual([TRACE_ID]);
    const map = await call('GET', '/api/v1/service-map', KEYS.viewerA);
    expect(map.json.edges).toEqual([expect.objectContaining({ parent: 'frontend', child: 'payments', requestRatePerSecond: 1 / 3600 })]);
    expect(map.json.nodes).toEqual(expect.arrayContaining([expect.objectContaining({ service: 'payments', errorRate: 1, p99Millis: 35 })]));
    const logs = await call('GET', `/api/v1/logs?traceId=${TRACE_ID}&minSeverity=17`, KEYS.viewerA);
    expect((logs.json.items as { traceLink: string }[])[0].traceLink).toBe(`/api/v1/traces/${TRACE_ID}`);
  });

  it('reports LLM tokens, cost, calls, errors and latency per model from the gen_ai histograms', async () => {
    const usage = await call('GET', '/api/v1/llm/usage', KEYS.viewerA);
    expect(usage.json.items).toEqual([
      // Increases over the window: input 4000-1000, output 600-100; calls (6-2)+(2-0) of which 2 failed.
      { model: 'gpt-4o', operation: 'chat', inputTokens: 3_000, outputTokens: 500, calls: 6, errors: 2, errorRate: 2 / 6, meanLatencyMillis: ((3 - 1 + 4 - 0) / 6) * 1000, costUsd: (3_000 * 2.5 + 500 * 10) / 1e6 },
    ]);
  });

  it('creates a key through the admin route that then works, and records both writes in the audit log', async () => {
    const created = await call('POST', '/api/v1/admin/keys', KEYS.adminA, { name: 'ci', role: 'viewer' });
    expect(created.status).toBe(201);
    expectValid('/api/v1/admin/keys', 'post', 201, created.json, created.type);
    const names = await call('GET', '/api/v1/metrics/names', String(created.json.key));
    expect(names.json.items).toEqual(expect.arrayContaining(['cpu_usage', 'requests_total']));
    const revoked = await call('DELETE', `/api/v1/admin/keys/${String(created.json.id)}`, KEYS.adminA);
    expect(revoked.status).toBe(200);
    expect((await call('GET', '/api/v1/metrics/names', String(created.json.key))).status).toBe(401);
    const audit = await call('GET', '/api/v1/admin/audit', KEYS.adminA);
    const entries = audit.json.items as { method: string; route: string; actor: string; status: number }[];
    expect(entries.filter((e) => e.status === 200 || e.status === 201).map((e) => `${e.method} ${e.route}`)).toEqual(
      expect.arrayContaining(['POST /api/v1/admin/keys', 'DELETE /api/v1/admin/keys/:id']),
    );
  });

  it('stores a dashboard of typed widgets, resolves it in one call and exports a widget as CSV', async () => {
    const created = await call('POST', '/api/v1/dashboards', KEYS.adminA, {
      title: 'Checkout',
      widgets: [
        { id: 'cpu', type: 'CHART', query: { selector: 'cpu_usage', aggregation: 'max', groupBy: 'host' } },
        { id: 'peak', type: 'KPI', query: { selector: 'cpu_usage', aggregation: 'max' } },
        { id: 'bad', type: 'CHART', query: { selector: 'cpu_usage{host=web}' } },
        { id: 'map', type: 'SERVICE_MAP', query: {} },
      ],
    });
    expect(created.status).toBe(201);
    const id = String(created.json.id);
    const resolved = await call('GET', `/api/v1/dashboards/${id}/data?from=${nowMillis - 3_600_000}&to=${nowMillis}`, KEYS.viewerA);
    expectValid('/api/v1/dashboards/{id}/data', 'get', 200, resolved.json, resolved.type);
    const widgets = resolved.json.widgets as { id: string; data?: { value?: number; series?: unknown[] }; error?: { status: number } }[];
    expect(widgets.map((w) => w.id)).toEqual(['cpu', 'peak', 'bad', 'map']);
    expect(widgets[0].data?.series).toHaveLength(2);
    expect(widgets[1].data?.value).toBe(79);
    expect(widgets[2].error?.status).toBe(400);
    const csv = await fetch(`${api}/api/v1/dashboards/${id}/widgets/cpu/export?format=csv&from=${nowMillis - 3_600_000}&to=${nowMillis}`, { headers: { 'x-api-key': KEYS.viewerA } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('labels,time,value');
    expect(lines.length).toBeGreaterThan(2);
    expect((await call('DELETE', `/api/v1/dashboards/${id}`, KEYS.adminA)).status).toBe(200);
    expect((await call('GET', `/api/v1/dashboards/${id}`, KEYS.adminA)).status).toBe(404);
    expect((await call('GET', `/api/v1/dashboards/${id}`, KEYS.adminB)).status).toBe(404);
  });
});
