import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '@vigil/config';
import { createLogger } from '@vigil/observability';
import { startServices, type RunningVigil } from '@vigil/runtime';
import { freePort, waitFor } from '@vigil/testing';
// Metrics enter through the real ingest service (OTLP/JSON), as in production.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { ingestService } from '@vigil/ingest';
import { dashboardApiService } from '../src';

const KEY = 'prometheus-api-key-00000001';
const OTHER_TENANT_KEY = 'prometheus-api-key-00000002';
const quiet = () => createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
type Body = { status: string; errorType?: string; error?: string; data?: unknown };

describe('Prometheus HTTP API (/prometheus/api/v1) over OTLP metrics', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-prom-api-'));
  let vigil: RunningVigil;
  let api: string;
  const nowMillis = Math.floor(Date.now() / 1000) * 1000 - 30_000;
  const ns = (millis: number) => String(BigInt(millis) * 1_000_000n);

  const call = async (path: string, init: { key?: string; basic?: boolean; form?: Record<string, string> } = {}) => {
    const key = init.key ?? KEY;
    const authorization = init.basic ? `Basic ${Buffer.from(`grafana:${key}`).toString('base64')}` : `Bearer ${key}`;
    const response = await fetch(`${api}/prometheus/api/v1/${path}`, {
      method: init.form ? 'POST' : 'GET',
      headers: { authorization, ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: init.form ? new URLSearchParams(init.form).toString() : undefined,
    });
    return { status: response.status, body: (await response.json()) as Body };
  };

  beforeAll(async () => {
    const [apiPort, ingestPort, ops] = await Promise.all([freePort(), freePort(), freePort()]);
    const config = loadConfig({
      overrides: {
        dataDir,
        listen: { dashboardApi: { port: apiPort }, ingest: { port: ingestPort }, ops: { port: ops } },
        auth: { apiKeys: [{ key: KEY, tenant: 'acme', role: 'editor' }, { key: OTHER_TENANT_KEY, tenant: 'other', role: 'viewer' }] },
      },
    });
    vigil = await startServices({ config, services: [ingestService, dashboardApiService], logger: quiet() });
    api = `http://127.0.0.1:${apiPort}`;
    const attributes = [{ key: 'http.route', value: { stringValue: '/checkout' } }];
    const response = await fetch(`http://127.0.0.1:${ingestPort}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({
        resourceMetrics: [{
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
          scopeMetrics: [{ metrics: [
            { name: 'process.memory.usage', unit: 'By', gauge: { dataPoints: [{ asDouble: 1024, timeUnixNano: ns(nowMillis), attributes }] } },
            { name: 'http.server.requests', unit: '{request}', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [
              { asInt: '10', startTimeUnixNano: ns(nowMillis - 120_000), timeUnixNano: ns(nowMillis - 60_000), attributes },
              { asInt: '70', startTimeUnixNano: ns(nowMillis - 120_000), timeUnixNano: ns(nowMillis), attributes },
            ] } },
            { name: 'http.server.duration', unit: 's', histogram: { aggregationTemporality: 2, dataPoints: [
              { count: '10', sum: 2.5, bucketCounts: ['2', '6', '2'], explicitBounds: [0.1, 0.5], startTimeUnixNano: ns(nowMillis - 120_000), timeUnixNano: ns(nowMillis), attributes },
            ] } },
          ] }],
        }],
      }),
    });
    expect(response.status).toBe(200);
    await waitFor(async () => ((await call(`query?query=${encodeURIComponent('count({__name__=~".+"})')}`)).body.data as { result: unknown[] } | undefined)?.result.length === 1
      && Number(((await call(`query?query=${encodeURIComponent('count({__name__=~".+"})')}`)).body.data as { result: { value: [number, string] }[] }).result[0].value[1]) >= 6, {
      timeoutMillis: 30_000, intervalMillis: 250, what: 'the OTLP metrics in the store',
    });
  }, 60_000);

  afterAll(async () => {
    await vigil?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('names OTLP metrics as Prometheus does (units, _total, histogram series) with translated labels', async () => {
    const { body } = await call('label/__name__/values');
    expect(body.data).toEqual(expect.arrayContaining([
      'process_memory_usage_bytes', 'http_server_requests_total', 'http_server_duration_seconds_bucket', 'http_server_duration_seconds_sum', 'http_server_duration_seconds_count',
    ]));
    const series = await call(`series?${new URLSearchParams({ 'match[]': 'process_memory_usage_bytes' })}`);
    expect(series.body.data).toEqual([expect.objectContaining({ __name__: 'process_memory_usage_bytes', http_route: '/checkout' })]);
    expect((await call('labels')).body.data).toEqual(expect.arrayContaining(['__name__', 'http_route', 'le', 'service_name']));
    expect((await call('label/le/values')).body.data).toEqual(['+Inf', '0.1', '0.5']);
  });

  it('answers instant queries over the translated names, histogram buckets included (form POST, Basic auth)', async () => {
    const at = String(nowMillis / 1000);
    const gauge = await call('query', { basic: true, form: { query: 'process_memory_usage_bytes', time: at } });
    expect(gauge.body).toMatchObject({ status: 'success', data: { resultType: 'vector', result: [{ value: [nowMillis / 1000, '1024'] }] } });
    const quantile = await call('query', { form: { query: 'histogram_quantile(0.5, http_server_duration_seconds_bucket)', time: at } });
    // 10 observations: 2 ≤ 0.1 < 6 ≤ 0.5 < 2; rank 5 falls in (0.1, 0.5]: 0.1 + 0.4 × 3/6.
    expect(Number((quantile.body.data as { result: { value: [number, string] }[] }).result[0].value[1])).toBeCloseTo(0.3, 12);
    const buckets = await call('query', { form: { query: 'sort(http_server_duration_seconds_bucket)', time: at } });
    expect((buckets.body.data as { result: { metric: { le: string }; value: [number, string] }[] }).result.map((r) => [r.metric.le, r.value[1]])).toEqual([['0.1', '2'], ['0.5', '8'], ['+Inf', '10']]);
  });

  it('answers range queries as matrices', async () => {
    const range = await call(`query_range?${new URLSearchParams({ query: 'http_server_requests_total', start: String((nowMillis - 60_000) / 1000), end: String(nowMillis / 1000), step: '60' })}`);
    expect(range.body).toMatchObject({ status: 'success', data: { resultType: 'matrix', result: [{ values: [[(nowMillis - 60_000) / 1000, '10'], [nowMillis / 1000, '70']] }] } });
  });

  it('reports metadata and build info for Grafana', async () => {
    expect((await call('metadata')).body.data).toMatchObject({ http_server_requests_total: [{ type: 'counter' }], process_memory_usage_bytes: [{ type: 'gauge' }] });
    expect((await call('status/buildinfo')).body).toMatchObject({ status: 'success', data: { version: expect.stringMatching(/^3\./) } });
  });

  it("uses Prometheus's error envelope and types", async () => {
    expect(await call('query?query=sum(')).toMatchObject({ status: 400, body: { status: 'error', errorType: 'bad_data' } });
    expect(await call('query?query=histogram_count(x)')).toMatchObject({ status: 400, body: { errorType: 'bad_data', error: expect.stringContaining('histogram_count') } });
    expect(await call('query_range?query=up&start=10&end=5&step=1')).toMatchObject({ status: 400, body: { errorType: 'bad_data' } });
    expect((await call('query?query=up', { key: 'not-a-key' })).status).toBe(401);
  });

  it('keeps tenants apart: another key sees none of these series', async () => {
    expect((await call('label/__name__/values', { key: OTHER_TENANT_KEY })).body.data).toEqual([]);
  });

  it('answers max_over_time on whole minutes from the 1 m rollup, and from raw samples when one sits on a minute edge', async () => {
    const endMillis = Math.floor(nowMillis / 60_000) * 60_000 - 60_000;
    const firstMillis = endMillis - 8 * 60_000 + 3_100;
    const points = Array.from({ length: 32 }, (_, k) => ({ timeMillis: firstMillis + k * 15_000, value: (k * 7) % 11 }));
    // The edge probe has one sample exactly on a minute: it belongs to the window ending there
    // but to the next minute's bucket, so a rollup would count it in the wrong window.
    const edgeMillis = endMillis - 3 * 60_000;
    const edgePoints = [...points.filter((p) => p.timeMillis < edgeMillis), { timeMillis: edgeMillis, value: 50 }, ...points.filter((p) => p.timeMillis > edgeMillis)];
    const gauge = (name: string, data: typeof points) => ({ name, gauge: { dataPoints: data.map((p) => ({ asDouble: p.value, timeUnixNano: ns(p.timeMillis) })) } });
    const ingestUrl = vigil.urls.ingest;
    const sent = await fetch(`${ingestUrl}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ resourceMetrics: [{ resource: { attributes: [] }, scopeMetrics: [{ metrics: [gauge('rollup.probe', points), gauge('edge.probe', edgePoints)] }] }] }),
    });
    expect(sent.status).toBe(200);
    const range = (query: string) => call(`query_range?${new URLSearchParams({ query, start: String((endMillis - 4 * 60_000) / 1000), end: String(endMillis / 1000), step: '60', stats: 'all' })}`);
    await waitFor(async () => ((await range('edge_probe')).body.data as { result: unknown[] }).result.length === 1, { timeoutMillis: 30_000, intervalMillis: 250, what: 'the probes in the store' });
    // Prometheus semantics on the raw points: max over (t - 2m, t].
    const expected = (data: typeof points) =>
      [4, 3, 2, 1, 0].map((back) => {
        const t = endMillis - back * 60_000;
        return [t / 1000, String(Math.max(...data.filter((p) => p.timeMillis > t - 120_000 && p.timeMillis <= t).map((p) => p.value)))];
      });
    type Answer = { result: { values: [number, string][] }[]; stats: { vigil: { rollupSelectors: number } } };
    const fromRollup = (await range('max_over_time(rollup_probe[2m])')).body.data as Answer;
    expect(fromRollup.stats.vigil.rollupSelectors).toBe(1);
    expect(fromRollup.result[0].values).toEqual(expected(points));
    const fromRaw = (await range('max_over_time(edge_probe[2m])')).body.data as Answer;
    expect(fromRaw.stats.vigil.rollupSelectors).toBe(0);
    expect(fromRaw.result[0].values).toEqual(expected(edgePoints));
  });
});
