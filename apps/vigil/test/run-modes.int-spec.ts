import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { SERVICE_NAMES, loadConfig, type VigilConfig } from '@vigil/config';
import { MetricType, TOPICS, createPayload, encodePayload, seriesFingerprintHex } from '@vigil/contracts';
import { createLogger } from '@vigil/observability';
import { engineSuite, freePort, waitFor } from '@vigil/testing';
import { startVigil, type RunningVigil } from '../src/run/start-vigil';

// Real runner, real adapters: what `npm start` and `vigil start --service` run. The distributed
// mode uses real Kafka and Redis; its store is chDB because no ClickHouse ≥ 23.8 server can run
// on this machine kind (DESIGN.md "Real components in tests"), and the same Store code serves both.

const quiet = () => createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

async function listenOverrides() {
  const [ingest, api, am, ops] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  return { ingest: { port: ingest }, dashboardApi: { port: api }, alertmanagerApi: { port: am }, ops: { port: ops } };
}

/** Publishes one metric batch on the bus and waits until the writer stored every sample. */
async function roundTripThroughStore(vigil: RunningVigil, tenant: string) {
  const labels = [{ name: 'host', value: `h-${tenant}` }];
  const fingerprint = seriesFingerprintHex('e2e_cpu', labels);
  const now = Date.now();
  const times = [now - 3000, now - 2000, now - 1000];
  const batch = createPayload(TOPICS.metrics, {
    series: [
      {
        fingerprint: BigInt(`0x${fingerprint}`),
        tenant,
        name: 'e2e_cpu',
        labels,
        type: MetricType.GAUGE,
        sampleTimesUnixMs: times,
        sampleValues: [0.25, 0.5, 0.75],
      },
    ],
  });
  await vigil.runtime.bus.publish(TOPICS.metrics, [{ key: fingerprint, value: encodePayload(TOPICS.metrics, batch) }]);
  const read = () =>
    vigil.runtime.store.query<{ value: number }>(
      'SELECT value FROM metric_samples WHERE tenant = {tenant:String} AND metric_name = {name:String} ORDER BY time',
      { tenant, name: 'e2e_cpu' },
    );
  const rows = await waitFor(async () => ((await read()).rows.length === 3 ? (await read()).rows : undefined), {
    timeoutMillis: 30_000,
    what: 'three samples in the store',
  });
  expect(rows.map((r) => Number(r.value))).toEqual([0.25, 0.5, 0.75]);
}

describe('embedded mode (npm start): seven services, MemoryBus, chDB, memory state', () => {
  let dataDir: string;
  let vigil: RunningVigil;
  let config: Readonly<VigilConfig>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vigil-embedded-'));
    config = loadConfig({ overrides: { dataDir, listen: await listenOverrides() } });
    vigil = await startVigil({ config, services: [...SERVICE_NAMES], logger: quiet() });
  }, 60_000);

  afterAll(async () => {
    await vigil?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers GET /health on dashboard-api with all seven services up', async () => {
    const response = await fetch(`${vigil.urls['dashboard-api']}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; services: Record<string, string>; dependencies: Record<string, { ok: boolean }> };
    expect(body.status).toBe('up');
    expect(Object.keys(body.services).sort()).toEqual([...SERVICE_NAMES].sort());
    expect(Object.values(body.services).every((s) => s === 'up')).toBe(true);
    expect(Object.keys(body.dependencies).sort()).toEqual(['bus:memory', 'state:memory', 'store:chdb']);
  });

  it('serves Prometheus /metrics', async () => {
    const response = await fetch(`${vigil.urls['dashboard-api']}/metrics`);
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/vigil_process_cpu_user_seconds_total/);
  });

  it('writes a metric batch published on the bus to the store, where it reads back', async () => {
    await roundTripThroughStore(vigil, 'embedded');
  }, 40_000);
});

engineSuite('distributed mode (vigil start --service): Kafka and Redis', ['kafka', 'redis'], ({ kafka, redis }) => {
  let dataDir: string;
  let vigil: RunningVigil;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vigil-distributed-'));
    const config = loadConfig({
      env: { VIGIL_BUS: 'kafka', VIGIL_KAFKA_BROKERS: kafka, VIGIL_STATE: 'redis', VIGIL_REDIS_URL: redis },
      overrides: { dataDir, listen: await listenOverrides(), state: { kind: 'redis', url: redis, keyPrefix: `vigil-e2e-${process.pid}:` } },
    });
    vigil = await startVigil({ config, services: ['ingest'], logger: quiet() });
  }, 90_000);

  afterAll(async () => {
    await vigil?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports ingest and its real dependencies on /health', async () => {
    const response = await fetch(`${vigil.urls.ingest}/health`);
    const body = (await response.json()) as { status: string; services: Record<string, string>; dependencies: Record<string, { ok: boolean }> };
    expect(body.services).toEqual({ ingest: 'up' });
    expect(body.dependencies['bus:kafka'].ok).toBe(true);
    expect(body.dependencies['state:redis'].ok).toBe(true);
    expect(body.status).toBe('up');
  });

  it('writes a metric batch published on Kafka to the store, where it reads back', async () => {
    await roundTripThroughStore(vigil, `kafka-${process.pid}`);
  }, 60_000);
});
