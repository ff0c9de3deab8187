/**
 * How fast the store takes metric batches: builds MetricBatches (gauge series, 15 s steps), writes
 * them with MetricsRepository.insertMetricBatch (series + samples, rollups by materialized view)
 * and reads one series back. Embedded chDB in a temp folder by default, or `--url` for a
 * ClickHouse ≥ 23.8 server. Run: npm run bench:store -- --points 1000000 [--json]
 */
import { Command } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MetricType, TOPICS, createPayload, seriesFingerprint } from '@vigil/contracts';
import type { MetricBatch } from '@vigil/contracts';
import { MetricsRepository, Store, migrate, retentionPolicy } from '@vigil/store';

interface Options {
  points: number;
  series: number;
  batchPoints: number;
  url?: string;
  json?: boolean;
}

function buildBatches(options: Options, startMs: number): MetricBatch[] {
  const pointsPerSeries = Math.max(1, Math.floor(options.points / options.series));
  const seriesPerBatch = Math.max(1, Math.floor(options.batchPoints / pointsPerSeries));
  const batches: MetricBatch[] = [];
  for (let first = 0; first < options.series; first += seriesPerBatch) {
    const series = [];
    for (let s = first; s < Math.min(options.series, first + seriesPerBatch); s++) {
      const labels = [
        { name: 'host', value: `host-${s % 100}` },
        { name: 'instance', value: `i-${s}` },
        { name: 'service.name', value: `svc-${s % 20}` },
      ];
      const times = Array.from({ length: pointsPerSeries }, (_, i) => startMs + i * 15_000);
      const values = times.map((_, i) => Math.sin(i / 10) * 100 + s);
      series.push({ fingerprint: seriesFingerprint('bench_gauge', labels), tenant: 'bench', name: 'bench_gauge', labels, type: MetricType.GAUGE, sampleTimesUnixMs: times, sampleValues: values });
    }
    batches.push(createPayload(TOPICS.metrics, { series }));
  }
  return batches;
}

async function main(options: Options): Promise<void> {
  const dir = options.url ? undefined : mkdtempSync(join(tmpdir(), 'vigil-store-bench-'));
  const store = options.url ? Store.open({ kind: 'server', url: options.url }) : Store.open({ kind: 'embedded', path: dir as string });
  try {
    await migrate(store);
    const repository = new MetricsRepository(store, retentionPolicy());
    // Points end a few minutes ago: recent enough for retention, spread over the last hours.
    const pointsPerSeries = Math.max(1, Math.floor(options.points / options.series));
    const startMs = Math.floor(Date.now() / 60_000) * 60_000 - pointsPerSeries * 15_000 - 300_000;
    const batches = buildBatches(options, startMs);
    let stored = 0;
    const insertMillis: number[] = [];
    const began = performance.now();
    for (const [index, batch] of batches.entries()) {
      const t0 = performance.now();
      const report = await repository.insertMetricBatch(batch, { deduplicationToken: `bench/0/${index}` });
      insertMillis.push(performance.now() - t0);
      stored += report.samples;
    }
    const seconds = (performance.now() - began) / 1000;
    const t0 = performance.now();
    const fingerprint = batches[0].series[0].fingerprint;
    const read = await repository.readSamples({ tenant: 'bench', fingerprints: [fingerprint], fromUnixMs: startMs, toUnixMs: Date.now() });
    const readMillis = performance.now() - t0;
    insertMillis.sort((a, b) => a - b);
    const result = {
      mode: store.kind,
      points: stored,
      batches: batches.length,
      points_per_batch: Math.round(stored / batches.length),
      points_per_s: Math.round(stored / seconds),
      batch_p50_ms: Math.round(insertMillis[Math.floor(insertMillis.length * 0.5)]),
      batch_p99_ms: Math.round(insertMillis[Math.min(insertMillis.length - 1, Math.floor(insertMillis.length * 0.99))]),
      read_one_series_ms: Math.round(readMillis),
      read_points: read.length,
    };
    if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      console.log(`store insert (${result.mode}): ${result.points} points in ${result.batches} batches of ~${result.points_per_batch}`);
      console.log(`  ${result.points_per_s.toLocaleString('en')} points/s; batch p50 ${result.batch_p50_ms} ms, p99 ${result.batch_p99_ms} ms`);
      console.log(`  read back one series: ${result.read_points} points in ${result.read_one_series_ms} ms`);
    }
  } finally {
    await store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

const program = new Command()
  .name('bench:store')
  .description('Measures metric-batch inserts through @vigil/store (embedded chDB unless --url).')
  .option('--points <n>', 'total points to insert', (v) => Number(v), 500_000)
  .option('--series <n>', 'distinct series', (v) => Number(v), 5_000)
  .option('--batch-points <n>', 'points per MetricBatch (one insert each)', (v) => Number(v), 50_000)
  .option('--url <url>', 'ClickHouse ≥ 23.8 server URL instead of embedded chDB')
  .option('--json', 'print one JSON object on stdout')
  .action((options: Options) => main(options));

program.parseAsync().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
