import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineSuite, freePort, waitFor } from '@vigil/testing';
import { API_KEY, TENANT, startIngest, type RunningIngest } from './ingest-harness';

/**
 * Debian's Prometheus scrapes its own /metrics every second and remote-writes to ingest; the
 * raw samples Prometheus holds for `up` are then the ones in the store.
 */
engineSuite('Prometheus remote_write → ingest → store', ['prometheus'], (engines) => {
  let ingest: RunningIngest;
  let prometheus: ChildProcess | undefined;
  let promUrl = '';
  let dir = '';

  beforeAll(async () => {
    ingest = await startIngest();
    dir = mkdtempSync(join(tmpdir(), 'vigil-prom-'));
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'scrape_configs:',
        `  - { job_name: self, static_configs: [ { targets: ["127.0.0.1:${port}"] } ] }`,
        'remote_write:',
        `  - url: ${ingest.url}/api/v1/write`,
        `    authorization: { credentials: ${API_KEY} }`,
        '    queue_config: { batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 1s }',
      ].join('\n'),
    );
    prometheus = spawn(engines.prometheus, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  }, 60_000);

  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    await ingest?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const storedUp = async () => {
    const result = await ingest.runtime.store.query<{ t: string; v: number }>(
      `SELECT toUnixTimestamp64Milli(time) AS t, value AS v FROM metric_samples
       WHERE tenant = {tenant:String} AND metric_name = 'up' ORDER BY t`,
      { tenant: TENANT },
    );
    return result.rows.map((r) => [Number(r.t), r.v] as const);
  };

  it('stores the samples Prometheus scraped, with their timestamps and values', async () => {
    await waitFor(async () => (await storedUp()).length >= 3, { timeoutMillis: 40_000, intervalMillis: 500, what: '3 samples of up in the store' });
    const stored = await storedUp();
    const newestStored = stored[stored.length - 1][0];
    const response = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent('up{job="self"}[5m]')}`);
    const body = (await response.json()) as { data: { result: { metric: Record<string, string>; values: [number, string][] }[] } };
    const scraped = body.data.result[0].values.map(([seconds, value]) => [Math.round(seconds * 1000), Number(value)] as const).filter(([t]) => t <= newestStored);
    expect(scraped.length).toBeGreaterThanOrEqual(3);
    expect(stored).toEqual(expect.arrayContaining(scraped));
    const series = await ingest.runtime.store.query<{ labels: Record<string, string> }>(
      "SELECT labels FROM metric_series FINAL WHERE tenant = {tenant:String} AND metric_name = 'up' LIMIT 1",
      { tenant: TENANT },
    );
    expect(series.rows[0].labels).toMatchObject({ job: 'self' });
  }, 60_000);
});
