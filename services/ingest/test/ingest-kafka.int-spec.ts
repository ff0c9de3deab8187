import { engineSuite, waitFor } from '@vigil/testing';
import { gauge, kv, metricsRequest } from '../src/testing/otlp-builders';
import { API_KEY, TENANT, startIngest, type RunningIngest } from './ingest-harness';

/** Distributed mode's bus: the same HTTP → publish → writer → store path over a real Kafka broker. */
engineSuite('ingest end to end on Kafka (real broker, chDB store)', ['kafka'], (engines) => {
  let ingest: RunningIngest;
  beforeAll(async () => {
    ingest = await startIngest({ bus: { kind: 'kafka', brokers: engines.kafka.split(','), clientId: `ingest-test-${process.pid}` } });
  }, 120_000);
  afterAll(() => ingest?.stop(), 60_000);

  it('answers 200 only after Kafka acknowledged, and the writer stores every point once', async () => {
    const metric = `kafka.e2e.${process.pid}.${Date.now()}`;
    const points = Array.from({ length: 300 }, (_, i) => ({ timeMillis: Date.now() - 10_000 + i, value: i, attributes: [kv('shard', String(i % 30))] }));
    const response = await fetch(`${ingest.url}/v1/metrics`, {
      method: 'POST',
      body: Buffer.from(metricsRequest('kafka-e2e', [gauge(metric, points)])),
      headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${API_KEY}` },
    });
    expect(response.status).toBe(200);
    const count = async () => {
      const result = await ingest.runtime.store.query<{ n: string }>('SELECT count() AS n FROM metric_samples WHERE tenant = {tenant:String} AND metric_name = {metric:String}', { tenant: TENANT, metric });
      return Number(result.rows[0].n);
    };
    await waitFor(async () => (await count()) === points.length, { timeoutMillis: 60_000, intervalMillis: 250, what: `${points.length} samples from Kafka in the store` });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await count()).toBe(points.length);
  }, 90_000);
});
