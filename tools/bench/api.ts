/**
 * dashboard-api latency: generates the data set inside the store (1,000 series at
 * 1-minute steps over 7 days, 10 M spans, 1 M log lines; `--scale` shrinks series, spans and
 * logs for CI), starts dashboard-api embedded (chDB), and reports p50/p99 of the queries
 * over HTTP. Data are generated with INSERT … SELECT FROM numbers() so loading is the engine's
 * work, not JSON's; rollups and the trace index fill through their materialized views.
 * Run: npm run bench:api -- [--scale 0.1] [--iterations 30] [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { loadConfig } from '@vigil/config';
import { dashboardApiService } from '@vigil/dashboard-api';
import { createLogger } from '@vigil/observability';
import { startServices } from '@vigil/runtime';
import { freePort, waitFor } from '@vigil/testing';
import type { Store } from '@vigil/store';

interface Options {
  scale: number;
  traceScale?: number;
  iterations: number;
  json?: boolean;
}

const KEY = 'bench-api-admin-key-0001';
const TENANT = 'bench';
const DAY_MILLIS = 86_400_000;
const log = (options: Options, text: string) => {
  if (!options.json) process.stderr.write(`${text}\n`);
};

/** Loads the data set; returns its sizes and a trace id that exists. */
async function load(store: Store, options: Options, endMillis: number) {
  const series = Math.max(10, Math.round(1_000 * options.scale));
  const minutes = 7 * 1_440;
  const spans = Math.max(10_000, Math.round(10_000_000 * (options.traceScale ?? options.scale)));
  const logs = Math.max(1_000, Math.round(1_000_000 * (options.traceScale ?? options.scale)));
  const startMillis = endMillis - 7 * DAY_MILLIS;
  const t0 = performance.now();
  await store.command(
    `INSERT INTO metric_series (tenant, fingerprint, metric_name, labels, metric_type, monotonic, temporality, unit, description, last_seen, retention_days)
     SELECT {tenant:String}, cityHash64(number), 'bench_cpu', map('host', concat('h', toString(number)), 'zone', concat('z', toString(number % 10))),
            'gauge', false, 'unspecified', '%', '', fromUnixTimestamp64Milli({end:Int64}), 30
     FROM numbers({series:UInt64})`,
    { tenant: TENANT, end: endMillis, series },
  );
  // One day per statement keeps each insert block within a partition or two.
  for (let day = 0; day < 7; day++) {
    await store.command(
      `INSERT INTO metric_samples (tenant, metric_name, fingerprint, time, value, retention_days)
       SELECT {tenant:String}, 'bench_cpu', cityHash64(number % {series:UInt64}),
              fromUnixTimestamp64Milli(toInt64({start:Int64} + intDiv(number, {series:UInt64}) * 60000)),
              50 + 20 * sin(intDiv(number, {series:UInt64}) / 240) + (cityHash64(number) % 100) / 10, 30
       FROM numbers({rows:UInt64})`,
      { tenant: TENANT, series, start: startMillis + day * DAY_MILLIS, rows: series * 1_440 },
    );
  }
  const metricsMillis = performance.now() - t0;
  log(options, `  ${series} series × ${minutes} minutes loaded in ${(metricsMillis / 1000).toFixed(1)} s`);
  const t1 = performance.now();
  const traces = Math.floor(spans / 10);
  const gapNs = Math.floor((7 * DAY_MILLIS * 1e6) / traces);
  const chunk = 1_000_000;
  for (let first = 0; first < spans; first += chunk) {
    await store.command(
      `INSERT INTO spans (tenant, trace_id, span_id, parent_span_id, service, name, kind, start_time, duration_ns, status_code, attributes_string, retention_days)
       SELECT {tenant:String}, lower(hex(MD5(toString(intDiv(n, 10))))), leftPad(lower(hex(n)), 16, '0'),
              if(n % 10 = 0, '', leftPad(lower(hex(n - n % 10)), 16, '0')), concat('svc-', toString(intDiv(n % 10, 2))), concat('op-', toString(n % 7)),
              if(n % 10 = 0, 'server', 'client'),
              fromUnixTimestamp64Nano(toInt64({startNs:Int64} + intDiv(n, 10) * {gapNs:Int64} + (n % 10) * 1000000)),
              1000000 + cityHash64(n) % 200000000, if(cityHash64(n) % 50 = 0, 'error', 'ok'), map('http.route', concat('/r', toString(n % 20))), 30
       FROM (SELECT number + {first:UInt64} AS n FROM numbers({rows:UInt64}))`,
      { tenant: TENANT, startNs: BigInt(startMillis) * 1_000_000n, gapNs, first, rows: Math.min(chunk, spans - first) },
    );
  }
  await store.command(
    `INSERT INTO service_edges (tenant, bucket, parent_service, child_service, calls, errors, duration_ns_sum, retention_days)
     SELECT tenant, toStartOfMinute(start_time), 'svc-0', service, count(), countIf(status_code = 'error'), sum(duration_ns), 30
     FROM spans WHERE tenant = {tenant:String} AND parent_span_id != '' AND service != 'svc-0'
     GROUP BY tenant, toStartOfMinute(start_time), service`,
    { tenant: TENANT },
  );
  const spansMillis = performance.now() - t1;
  log(options, `  ${spans} spans loaded in ${(spansMillis / 1000).toFixed(1)} s`);
  const t2 = performance.now();
  await store.command(
    `INSERT INTO logs (tenant, time, observed_time, service, severity_number, severity_text, body, trace_id, span_id, retention_days)
     SELECT {tenant:String}, fromUnixTimestamp64Milli(toInt64({start:Int64} + number * {gapMs:Int64})), now64(9), concat('svc-', toString(number % 5)),
            if(number % 20 = 0, 17, 9), if(number % 20 = 0, 'ERROR', 'INFO'),
            arrayElement(['request served in 12 ms', 'cache miss for key user:42', 'timeout calling payments after 2000 ms', 'retrying charge', 'connection reset by peer'], number % 5 + 1),
            lower(hex(MD5(toString(number % {traces:UInt64})))), '', 30
     FROM numbers({logs:UInt64})`,
    { tenant: TENANT, start: startMillis, gapMs: Math.floor((7 * DAY_MILLIS) / logs), traces, logs },
  );
  const logsMillis = performance.now() - t2;
  log(options, `  ${logs} log lines loaded in ${(logsMillis / 1000).toFixed(1)} s`);
  const traceId = (await store.query<{ id: string }>(`SELECT lower(hex(MD5(toString({n:UInt64})))) AS id`, { n: traces - 5 })).rows[0].id;
  return { series, samples: series * minutes, spans, logs, traceId, loadSeconds: { metrics: metricsMillis / 1000, spans: spansMillis / 1000, logs: logsMillis / 1000 } };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function main(options: Options): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-api-'));
  const [port, ops] = await Promise.all([freePort(), freePort()]);
  const config = loadConfig({
    overrides: {
      dataDir,
      listen: { dashboardApi: { port }, ops: { port: ops } },
      auth: { apiKeys: [{ key: KEY, tenant: TENANT, role: 'admin' }] },
      services: { 'dashboard-api': { maxPointsPerQuery: 5_000_000 } },
    },
  });
  const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
  const vigil = await startServices({ config, services: [dashboardApiService], logger: silent });
  try {
    const endMillis = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    log(options, `loading (scale ${options.scale})`);
    const data = await load(vigil.runtime.store, options, endMillis);
    const base = `http://127.0.0.1:${port}/api/v1`;
    const get = async (path: string) => {
      const response = await fetch(base + path, { headers: { authorization: `Bearer ${KEY}` } });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body.slice(0, 300)}`);
      return body.length;
    };
    await waitFor(() => get('/dashboards/builtin-service-overview').then(() => true), { timeoutMillis: 30_000, what: 'built-in dashboards' });
    const hourAgo = endMillis - 3_600_000;
    const queries: Record<string, string> = {
      range_24h_1m_1000_series: `/metrics/query_range?selector=bench_cpu&from=${endMillis - DAY_MILLIS}&to=${endMillis}&stepSeconds=60&aggregation=avg&groupBy=zone`,
      range_7d_1h: `/metrics/query_range?selector=bench_cpu&from=${endMillis - 7 * DAY_MILLIS}&to=${endMillis}&stepSeconds=3600&aggregation=p95&groupBy=zone`,
      trace_by_id: `/traces/${data.traceId}`,
      trace_search: `/traces?service=svc-3&status=error&minDurationMillis=50&from=${hourAgo}&to=${endMillis}&limit=20`,
      service_map_1h: `/service-map?from=${hourAgo}&to=${endMillis}`,
      log_search: `/logs?text=timeout&minSeverity=1&from=${hourAgo}&to=${endMillis}&limit=100`,
      dashboard_service_overview: `/dashboards/builtin-service-overview/data?from=${hourAgo}&to=${endMillis}`,
    };
    const results: Record<string, { p50_ms: number; p99_ms: number; bytes: number }> = {};
    for (const [name, path] of Object.entries(queries)) {
      await get(path); // warm-up: first-touch of the parts
      const millis: number[] = [];
      let bytes = 0;
      for (let i = 0; i < options.iterations; i++) {
        const t0 = performance.now();
        bytes = await get(path);
        millis.push(performance.now() - t0);
      }
      millis.sort((a, b) => a - b);
      results[name] = { p50_ms: +percentile(millis, 0.5).toFixed(1), p99_ms: +percentile(millis, 0.99).toFixed(1), bytes };
      log(options, `  ${name.padEnd(28)} p50 ${results[name].p50_ms} ms  p99 ${results[name].p99_ms} ms  (${bytes} bytes)`);
    }
    const summary = { scale: options.scale, iterations: options.iterations, data, queries: results };
    if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await vigil.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const program = new Command()
  .name('bench:api')
  .description('p50/p99 latency of dashboard-api queries over a generated data set (embedded chDB)')
  .option('--scale <fraction>', 'fraction of the full data set (1 = 1,000 series × 7 d, 10 M spans, 1 M logs)', parseFloat, 1)
  .option('--trace-scale <fraction>', 'a different fraction for spans and logs (default: --scale)', parseFloat)
  .option('--iterations <n>', 'timed calls per query (after one warm-up)', (v) => parseInt(v, 10), 30)
  .option('--json', 'one JSON object on stdout')
  .action(async (options: Options) => main(options));
program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
