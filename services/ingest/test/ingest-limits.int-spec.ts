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
