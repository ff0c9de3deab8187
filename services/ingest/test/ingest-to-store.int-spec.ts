import { waitFor } from '@vigil/testing';
import { gauge, kv, metricsRequest } from '../src/testing/otlp-builders';
import { API_KEY, TENANT, startIngest, type RunningIngest } from './ingest-harness';

describe('ingest end to end, embedded (real HTTP → MemoryBus → writer → chDB)', () => {
  let ingest: RunningIngest;
  beforeAll(async () => {
    ingest = await startIngest();
  }, 60_000);
  afterAll(() => ingest?.stop());

  it('stores every point answered 2xx exactly once, with its labels', async () => {
    const start = Date.now() - 60_000;
    let sent = 0;
    for (let request = 0; request < 5; request++) {
      const points = Array.from({ length: 200 }, (_, i) => ({ timeMillis: start + request * 1000 + i, value: i, attributes: [kv('shard', String(i % 20))] }));
      const response = await fetch(`${ingest.url}/v1/metrics`, {
        method: 'POST',
        body: Buffer.from(metricsRequest('e2e', [gauge('e2e.value', points)])),
        headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${API_KEY}` },
      });
      expect(response.status).toBe(200);
      sent += points.length;
    }
    const count = async () => {
      const result = await ingest.runtime.store.query<{ n: string }>(
        'SELECT count() AS n FROM metric_samples WHERE tenant = {tenant:String} AND metric_name = {name:String}',
        { tenant: TENANT, name: 'e2e.value' },
      );
      return Number(result.rows[0].n);
    };
    await waitFor(async () => (await count()) === sent, { timeoutMillis: 20_000, what: `${sent} samples in the store` });
    const series = await ingest.runtime.store.query<{ labels: Record<string, string> }>(
      "SELECT labels FROM metric_series FINAL WHERE tenant = {tenant:String} AND metric_name = 'e2e.value' LIMIT 1",
      { tenant: TENANT },
    );
    expect(series.rows[0].labels).toMatchObject({ 'service.name': 'e2e' });
  }, 60_000);
});
