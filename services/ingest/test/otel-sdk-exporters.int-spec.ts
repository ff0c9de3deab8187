import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LogsRepository, TracesRepository, retentionPolicy } from '@vigil/store';
import { waitFor } from '@vigil/testing';
import { API_KEY, TENANT, startIngest, type RunningIngest } from './ingest-harness';

const run = promisify(execFile);
const SENDER = join(__dirname, 'fixtures', 'otel-sdk-sender.ts');

/** The OpenTelemetry JS SDK's own OTLP/HTTP exporters, protobuf and JSON, against real ingest. */

describe('OpenTelemetry SDK exporters → ingest → store', () => {
  let ingest: RunningIngest;
  beforeAll(async () => {
    ingest = await startIngest();
  }, 60_000);
  afterAll(() => ingest?.stop());

  describe.each(['protobuf', 'json'])('over OTLP/HTTP %s', (encoding) => {
    const service = `sdk-${encoding}`;
    let traceId = '';
    beforeAll(async () => {
      const { stdout } = await run(process.execPath, ['-r', '@swc-node/register', SENDER, ingest.url, API_KEY, encoding, service], { timeout: 60_000 });
      traceId = (JSON.parse(stdout.trim()) as { traceId: string }).traceId;
    }, 70_000);

    it('stores metrics with their attributes', async () => {
      const rows = await waitFor(
        async () => {
          const result = await ingest.runtime.store.query<{ value: number; route: string }>(
            `SELECT s.value AS value, m.labels['route'] AS route FROM metric_samples AS s
             INNER JOIN (SELECT fingerprint, labels FROM metric_series FINAL WHERE tenant = {tenant:String}) AS m ON m.fingerprint = s.fingerprint
             WHERE s.tenant = {tenant:String} AND s.metric_name = 'sdk.requests' AND m.labels['service.name'] = {service:String}`,
            { tenant: TENANT, service },
          );
          return result.rows.length > 0 ? result.rows : undefined;
        },
        { timeoutMillis: 20_000, what: 'sdk.requests in the store' },
      );
      expect(rows[0]).toEqual({ value: 3, route: '/checkout' });
      // Histogram points are a separate insert of the same batch: they may land a moment later.
      const histograms = await waitFor(
        async () => {
          const result = await ingest.runtime.store.query<{ n: string }>(
            "SELECT count() AS n FROM metric_histograms WHERE tenant = {tenant:String} AND metric_name = 'sdk.latency'",
            { tenant: TENANT },
          );
          return Number(result.rows[0].n) > 0 ? Number(result.rows[0].n) : undefined;
        },
        { timeoutMillis: 10_000, what: 'sdk.latency histogram points in the store' },
      );
      expect(histograms).toBeGreaterThan(0);
    }, 30_000);

    it('stores spans with attributes and derives RED series, a service edge and GenAI tokens', async () => {
      const traces = new TracesRepository(ingest.runtime.store, retentionPolicy());
      const spans = await waitFor(async () => {
        const found = await traces.getTrace(TENANT, traceId);
        return found.length === 2 ? found : undefined;
      }, { timeoutMillis: 20_000, what: 'both spans in the store' });
      expect(spans.find((s) => s.name === 'GET /checkout')).toMatchObject({ service, attributesString: expect.objectContaining({ 'http.route': '/checkout' }) });
      const count = async (metric: string) => {
        const result = await ingest.runtime.store.query<{ n: string }>('SELECT count() AS n FROM metric_samples WHERE tenant = {tenant:String} AND metric_name = {metric:String}', { tenant: TENANT, metric });
        return Number(result.rows[0].n);
      };
      await waitFor(async () => (await count('vigil.span.calls')) > 0 && (await count('vigil.gen_ai.tokens')) > 0, { what: 'RED and GenAI series' });
      const edges = await waitFor(async () => {
        const list = await traces.listServiceEdges(TENANT, Date.now() - 3_600_000, Date.now() + 60_000);
        return list.find((e) => e.parentService === service) ? list : undefined;
      }, { what: 'a service edge' });
      expect(edges.find((e) => e.parentService === service)).toMatchObject({ childService: `${service}-payments` });
    }, 30_000);

    it('stores logs with severity, body and attributes', async () => {
      const logs = new LogsRepository(ingest.runtime.store, retentionPolicy());
      const records = await waitFor(async () => {
        const found = await logs.readLogs({ tenant: TENANT, fromUnixMs: Date.now() - 3_600_000, toUnixMs: Date.now() + 60_000, service });
        return found.length > 0 ? found : undefined;
      }, { timeoutMillis: 20_000, what: 'the log record in the store' });
      expect(records[0]).toMatchObject({ severityNumber: 13, body: `disk almost full (${encoding})`, attributesString: { 'disk.path': '/var' } });
    }, 30_000);
  });
});
