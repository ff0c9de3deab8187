import { API_KEY, startIngest, type RunningIngest } from './ingest-harness';

describe('ingest tenant limits over HTTP (real HTTP, MemoryBus, chDB)', () => {
  let ingest: RunningIngest;
  beforeAll(async () => {
    ingest = await startIngest({ services: { ingest: { tenants: { pointsPerSecond: 5, burstPoints: 6, maxSeries: 2 } } } });
  }, 60_000);
  afterAll(() => ingest?.stop());

  const points = (names: string[]) =>
    fetch(`${ingest.url}/api/v1/points`, {
      method: 'POST',
      body: JSON.stringify(names.map((name) => ({ name, value: 1 }))),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
    });

  it('refuses new series past the cardinality limit with a 429 while known series flow', async () => {
    expect((await points(['a', 'b'])).status).toBe(200);
    const refused = await points(['c']);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ error: 'series_limit_exceeded', message: expect.stringContaining('limit 2') });
  });

  it('refuses a tenant over its rate with a 429 and a Retry-After', async () => {
    const refused = await points(['a', 'a', 'a', 'a', 'a', 'a', 'a', 'a']);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({ error: 'rate_limited' });
  });
});

describe('ingest backpressure over HTTP (real HTTP, MemoryBus with its journal, chDB)', () => {
  let ingest: RunningIngest;
  beforeAll(async () => {
    ingest = await startIngest({ services: { ingest: { publish: { maxInFlightPoints: 1000, retryAfterSeconds: 2 } } } });
  }, 60_000);
  afterAll(() => ingest?.stop());

  it('answers 503 with Retry-After when publishes in flight exceed the bound, and 200 to the rest', async () => {
    const body = JSON.stringify(Array.from({ length: 1000 }, (_, i) => ({ name: 'bp', labels: { i: String(i) }, value: i })));
    const responses = await Promise.all(
      Array.from({ length: 20 }, () =>
        fetch(`${ingest.url}/api/v1/points`, { method: 'POST', body, headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` } }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses).toContain(200);
    expect(statuses).toContain(503);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    const refused = responses.find((r) => r.status === 503)!;
    expect(refused.headers.get('retry-after')).toBe('2');
    expect(await refused.json()).toMatchObject({ error: 'overloaded' });
  });
});
