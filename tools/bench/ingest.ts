/**
 * bench:ingest — OTLP metric batches over HTTP into a real ingest (embedded: MemoryBus + chDB;
 * kafka: KafkaBus + chDB) for a fixed time, then counts what reached the store.
 *
 *   npm run bench:ingest -- --seconds 20 [--mode kafka --brokers 127.0.0.1:9092] [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { create, toBinary } from '@bufbuild/protobuf';
import { Command } from 'commander';
import { loadConfig } from '@vigil/config';
import { createLogger } from '@vigil/observability';
import { RuntimeModule, createRuntime } from '@vigil/runtime';
import { freePort } from '@vigil/testing';
import { ExportMetricsServiceRequestSchema, IngestModule } from '@vigil/ingest';
import type { LoadInput, LoadResult } from './ingest-load';

const API_KEY = 'bench-key-0123456789abcdef';

const program = new Command()
  .name('bench:ingest')
  .description('Sends OTLP/HTTP metric batches to ingest for a fixed time and counts what reached the store (stored must equal accepted).')
  .option('--mode <mode>', 'embedded (MemoryBus + chDB) or kafka (KafkaBus + chDB)', 'embedded')
  .option('--brokers <list>', 'Kafka brokers for --mode kafka', process.env.VIGIL_TEST_KAFKA_BROKERS ?? '127.0.0.1:9092')
  .option('--seconds <n>', 'how long to send', (v) => Number(v), 15)
  .option('--concurrency <n>', 'concurrent HTTP requests', (v) => Number(v), 8)
  .option('--series <n>', 'series per request', (v) => Number(v), 500)
  .option('--points <n>', 'points per series per request', (v) => Number(v), 4)
  .option('--rate <pointsPerSecond>', 'pace the senders to this rate (0 = as fast as possible)', (v) => Number(v), 0)
  .option('--drain-seconds <n>', 'how long to wait for the writer to store everything', (v) => Number(v), 120)
  .option('--json', 'print one JSON object on stdout', false);

function bodies(count: number, series: number, points: number, startMillis: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let b = 0; b < count; b++) {
    const dataPoints = [];
    for (let s = 0; s < series; s++) {
      for (let p = 0; p < points; p++) {
        dataPoints.push({
          attributes: [
            { key: 'host', value: { value: { case: 'stringValue' as const, value: `host-${s % 50}` } } },
            { key: 'shard', value: { value: { case: 'stringValue' as const, value: `shard-${s}` } } },
            { key: 'region', value: { value: { case: 'stringValue' as const, value: 'eu-west-1' } } },
          ],
          timeUnixNano: BigInt(startMillis + b * points + p) * 1_000_000n,
          value: { case: 'asDouble' as const, value: Math.random() * 100 },
        });
      }
    }
    const request = create(ExportMetricsServiceRequestSchema, {
      resourceMetrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { value: { case: 'stringValue', value: 'bench' } } }] },
          scopeMetrics: [{ metrics: [{ name: 'bench.cpu.utilization', data: { case: 'gauge', value: { dataPoints } } }] }],
        },
      ],
    });
    out.push(toBinary(ExportMetricsServiceRequestSchema, request));
  }
  return out;
}

const percentile = (sorted: number[], q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);

async function main(): Promise<void> {
  const options = program.parse().opts<{ mode: string; brokers: string; seconds: number; concurrency: number; series: number; points: number; rate: number; drainSeconds: number; json: boolean }>();
  const say = (text: string) => {
    if (!options.json) process.stderr.write(`${text}\n`);
  };
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-ingest-'));
  const port = await freePort();
  const bus = options.mode === 'kafka' ? { kind: 'kafka', brokers: options.brokers.split(','), clientId: `bench-ingest-${process.pid}` } : { kind: 'memory' };
  const config = loadConfig({
    overrides: { dataDir, logLevel: 'silent', bus, auth: { apiKeys: [{ key: API_KEY, tenant: 'bench', role: 'editor' }] }, listen: { ingest: { host: '127.0.0.1', port } } },
  });
  const runtime = await createRuntime({ config, logger: createLogger({ level: 'silent' }), processName: 'ingest' });
  @Module({ imports: [RuntimeModule.forService(runtime, 'ingest'), IngestModule] })
  class BenchRoot {}
  const app = await NestFactory.create<NestFastifyApplication>(BenchRoot, new FastifyAdapter({ bodyLimit: 64 * 1024 * 1024 }), { logger: false });
  await app.listen(port, '127.0.0.1');
  const countStored = async () => {
    const result = await runtime.store.query<{ n: string }>("SELECT count() AS n FROM metric_samples WHERE tenant = 'bench'");
    return Number(result.rows[0].n);
  };
  try {
    const pointsPerBody = options.series * options.points;
    say(`mode ${options.mode}: ${options.concurrency} senders, ${pointsPerBody} points per request, ${options.seconds} s`);
    const input: LoadInput = {
      url: `http://127.0.0.1:${port}`,
      apiKey: API_KEY,
      bodies: bodies(16, options.series, options.points, Date.now() - 3_600_000),
      pointsPerBody,
      concurrency: options.concurrency,
      durationMillis: options.seconds * 1000,
      targetPointsPerSecond: options.rate,
    };
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const load = await new Promise<LoadResult>((resolve, reject) => {
      const worker = new Worker(join(__dirname, 'ingest-load.ts'), { workerData: input, execArgv: ['-r', '@swc-node/register'] });
      worker.once('message', (message: LoadResult & { error?: string }) => (message.error ? reject(new Error(message.error)) : resolve(message)));
      worker.once('error', reject);
    });
    say(`sent for ${(load.elapsedMillis / 1000).toFixed(1)} s: ${load.requests} requests, ${load.acceptedPoints} points accepted; waiting for the store…`);
    const drainDeadline = performance.now() + options.drainSeconds * 1000;
    let stored = await countStored();
    while (stored < load.acceptedPoints && performance.now() < drainDeadline) {
      await new Promise((r) => setTimeout(r, 250));
      stored = await countStored();
    }
    const endToEndSeconds = (performance.now() - started) / 1000;
    loopDelay.disable();
    const cpu = process.cpuUsage(cpuBefore);
    // CPU of this process (ingest + writer + chDB + the sender thread): on a shared machine the
    // wall-clock rate says more about the neighbours than about ingest; this does not.
    const cpuMicrosPerPoint = stored > 0 ? (cpu.user + cpu.system) / stored : 0;
    const latencies = load.latenciesMillis.sort((a, b) => a - b);
    const result = {
      mode: options.mode,
      accepted: load.acceptedPoints,
      stored,
      points_per_s: Math.round(stored / endToEndSeconds),
      accept_points_per_s: Math.round(load.acceptedPoints / (load.elapsedMillis / 1000)),
      p50_ms: Number(percentile(latencies, 0.5).toFixed(1)),
      p99_ms: Number(percentile(latencies, 0.99).toFixed(1)),
      // How long ingest's event loop was blocked (chDB inserts and JSON row building run on it).
      event_loop_delay_p99_ms: Number((loopDelay.percentile(99) / 1e6).toFixed(1)),
      event_loop_delay_max_ms: Number((loopDelay.max / 1e6).toFixed(1)),
      cpu_us_per_point: Number(cpuMicrosPerPoint.toFixed(2)),
      points_per_cpu_s: cpuMicrosPerPoint > 0 ? Math.round(1e6 / cpuMicrosPerPoint) : 0,
      requests: load.requests,
      refused: load.refused,
      points_per_request: pointsPerBody,
      concurrency: options.concurrency,
      target_rate: options.rate,
      seconds: options.seconds,
    };
    if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      say(`end to end: ${result.points_per_s} points/s stored (${stored} of ${load.acceptedPoints} accepted${stored === load.acceptedPoints ? ', all' : ' — MISSING POINTS'})`);
      say(`accepting: ${result.accept_points_per_s} points/s; request latency p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms; refused ${JSON.stringify(load.refused)}`);
      say(`event loop delay: p99 ${result.event_loop_delay_p99_ms} ms, max ${result.event_loop_delay_max_ms} ms`);
      say(`CPU: ${result.cpu_us_per_point} µs per stored point (${result.points_per_cpu_s} points per CPU-second, sender included)`);
    }
  } finally {
    await app.close();
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:ingest failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
