/**
 * dashboard-api latency: generates the issue's data set inside the store (1,000 series at
 * 1-minute steps over 7 days, 10 M spans, 1 M log lines; `--scale` shrinks series, spans and
 * logs for CI), starts dashboard-api embedded (chDB), and reports p50/p99 of the issue's queries
 * over HTTP. Data are generated with INSERT … SELECT FROM numbers() so loading is the engine's
 * work, not JSON's; rollups and the trace index fill through their materialized views.
 * Timing starts once background merges of the load have finished (bounded by --settle-seconds).
 * Run: npm run bench:api -- [--scale 0.1] [--trace-scale 0.1] [--iterations 30] [--data-dir DIR] [--json]
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { loadConfig } from '@vigil/config';
import { dashboardApiService } from '@vigil/dashboard-api';
import { createLogger } from '@vigil/observability';
import { startServices } from '@vigil/runtime';
import { freePort, waitFor } from '@vigil/testing';
import { BENCH_TENANT, DAY_MILLIS, type DataSetOptions, loadDataSet, waitForMerges } from './api/data-set';

interface Options {
  scale: number;
  traceScale?: number;
  iterations: number;
  json?: boolean;
  dataDir?: string;
  settleSeconds: number;
  queries?: string;
}

const KEY = 'bench-api-admin-key-0001';
const log = (options: Options, text: string) => {
  if (!options.json) process.stderr.write(`${text}\n`);
};

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

async function main(options: Options): Promise<void> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'vigil-bench-api-'));
  const savedPath = join(dataDir, 'bench-api.json');
  const saved = existsSync(savedPath) ? (JSON.parse(readFileSync(savedPath, 'utf8')) as { options: DataSetOptions; endMillis: number; data: Awaited<ReturnType<typeof loadDataSet>> }) : undefined;
  if (saved && (saved.options.scale !== options.scale || saved.options.traceScale !== options.traceScale)) {
    throw new Error(`${dataDir} holds a data set of scale ${saved.options.scale}/${saved.options.traceScale ?? '-'}; use another --data-dir`);
  }
  const [port, ops] = await Promise.all([freePort(), freePort()]);
  const config = loadConfig({
    overrides: {
      dataDir,
      listen: { dashboardApi: { port }, ops: { port: ops } },
      auth: { apiKeys: [{ key: KEY, tenant: BENCH_TENANT, role: 'admin' }] },
      services: { 'dashboard-api': { maxPointsPerQuery: 5_000_000 } },
    },
  });
  const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
  const vigil = await startServices({ config, services: [dashboardApiService], logger: silent });
  try {
    const endMillis = saved?.endMillis ?? Math.floor(Date.now() / 3_600_000) * 3_600_000;
    let data = saved?.data;
    if (!data) {
      log(options, `loading (scale ${options.scale})`);
      data = await loadDataSet(vigil.runtime.store, { scale: options.scale, traceScale: options.traceScale, log: (text) => log(options, text) }, endMillis);
      if (options.dataDir) writeFileSync(savedPath, JSON.stringify({ options: { scale: options.scale, traceScale: options.traceScale }, endMillis, data }));
    } else log(options, `reusing the data set in ${dataDir}`);
    // A bulk load leaves a merge backlog that a store fed continuously does not have; timing
    // during it would measure the merges. Waits (bounded) for merges and mutations to finish.
    const settle = await waitForMerges(vigil.runtime.store, options.settleSeconds * 1000);
    log(options, `  merges settled in ${(settle.millis / 1000).toFixed(1)} s${settle.pending ? ` (${settle.pending} still running)` : ''}; load average ${loadavg()[0].toFixed(1)}`);
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
    const results: Record<string, { p50_ms: number; p99_ms: number; cpu_ms_per_call: number; bytes: number }> = {};
    const only = options.queries?.split(',').map((q) => q.trim());
    for (const [name, path] of Object.entries(queries).filter(([n]) => !only || only.includes(n))) {
      await get(path); // warm-up: first-touch of the parts
      const millis: number[] = [];
      let bytes = 0;
      // This process runs the server, chDB's threads and the client: its CPU time per call is
      // the work a query costs, which contention on the shared machine does not inflate.
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < options.iterations; i++) {
        const t0 = performance.now();
        bytes = await get(path);
        millis.push(performance.now() - t0);
      }
      const cpu = process.cpuUsage(cpu0);
      millis.sort((a, b) => a - b);
      const cpuPerCall = (cpu.user + cpu.system) / 1000 / options.iterations;
      results[name] = { p50_ms: +percentile(millis, 0.5).toFixed(1), p99_ms: +percentile(millis, 0.99).toFixed(1), cpu_ms_per_call: +cpuPerCall.toFixed(1), bytes };
      log(options, `  ${name.padEnd(28)} p50 ${results[name].p50_ms} ms  p99 ${results[name].p99_ms} ms  cpu ${results[name].cpu_ms_per_call} ms/call  (${bytes} bytes)`);
    }
    const summary = { scale: options.scale, traceScale: options.traceScale ?? options.scale, iterations: options.iterations, loadAverage: +loadavg()[0].toFixed(2), data, queries: results };
    if (options.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await vigil.stop();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

const program = new Command()
  .name('bench:api')
  .description('p50/p99 latency of dashboard-api queries over a generated data set (embedded chDB)')
  .option('--scale <fraction>', 'fraction of the full data set (1 = 1,000 series × 7 d, 10 M spans, 1 M logs)', parseFloat, 1)
  .option('--trace-scale <fraction>', 'a different fraction for spans and logs (default: --scale)', parseFloat)
  .option('--iterations <n>', 'timed calls per query (after one warm-up)', (v) => parseInt(v, 10), 30)
  .option('--data-dir <dir>', 'keep the data set in this folder and reuse it on the next run (same --scale/--trace-scale)')
  .option('--settle-seconds <n>', 'wait at most this long for merges after loading', parseFloat, 300)
  .option('--queries <names>', 'comma-separated subset of the queries (names as printed)')
  .option('--json', 'one JSON object on stdout')
  .action(async (options: Options) => main(options));
program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
