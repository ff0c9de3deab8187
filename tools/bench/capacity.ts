/**
 * bench:capacity — one capacity-planner cycle over N resource series in embedded mode (chDB,
 * MemoryBus, memory state), driven by a simulated clock: wall time per series (two horizons,
 * store reads and writes included), and the longest event-loop stall while it runs (the service
 * shares its process with six others, so a cycle must yield between series).
 *
 *   npm run bench:capacity -- --series 100 [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Command } from 'commander';
import { capacityPlannerService } from '@vigil/capacity-planner';
import { loadConfig } from '@vigil/config';
import { MetricType, TOPICS, createPayload, fingerprintToHex, seriesFingerprint } from '@vigil/contracts';
import { createLogger } from '@vigil/observability';
import { ManualClock, startServices, type Runtime } from '@vigil/runtime';
import { MetricsRepository, retentionPolicy } from '@vigil/store';
import { freePort } from '@vigil/testing';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const INTERVAL = 300_000;

interface Options {
  series: number;
  json?: boolean;
}

/** N disks, 14 days of hourly usage: different levels, growth rates and a daily cycle. */
async function seed(runtime: Runtime, count: number, endMillis: number): Promise<string[]> {
  const repository = new MetricsRepository(runtime.store, retentionPolicy());
  const times = Array.from({ length: 14 * 24 }, (_, i) => endMillis - 14 * DAY + i * HOUR);
  const keys: string[] = [];
  for (let first = 0; first < count; first += 50) {
    const series = [];
    for (let d = first; d < Math.min(count, first + 50); d++) {
      const labels = [{ name: 'mountpoint', value: `/disk${d}` }];
      const level = 0.2 + 0.6 * ((d * 37) % 100) / 100;
      const growth = ((d % 5) - 1) * 0.004;
      const usage = times.map((t, i) => (level + (growth * (t - times[0])) / DAY + 0.02 * Math.sin((2 * Math.PI * i) / 24)) * 1e11);
      for (const [name, values] of [
        ['system.filesystem.usage', usage],
        ['system.filesystem.limit', times.map(() => 1e11)],
      ] as const) {
        const fingerprint = seriesFingerprint(name, labels);
        series.push({ fingerprint, tenant: 'bench', name, labels, type: MetricType.GAUGE, sampleTimesUnixMs: times, sampleValues: [...values] });
        if (name === 'system.filesystem.usage') keys.push(`capacity-planner/series/bench/${fingerprintToHex(fingerprint)}`);
      }
    }
    await repository.insertMetricBatch(createPayload(TOPICS.metrics, { series }));
  }
  return keys;
}

async function cycle(runtime: Runtime, clock: ManualClock, keys: readonly string[], atMillis: number) {
  const target = Math.floor(atMillis / INTERVAL);
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  const started = performance.now();
  clock.set(atMillis);
  for (;;) {
    let done = 0;
    for (const key of keys) {
      const bytes = await runtime.state.get(key);
      if (bytes && (JSON.parse(new TextDecoder().decode(bytes)) as { completedCycle: number }).completedCycle >= target) done += 1;
    }
    if (done === keys.length) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  delay.disable();
  return { wallMillis: performance.now() - started, maxStallMillis: delay.max / 1e6, p99StallMillis: delay.percentile(99) / 1e6 };
}

async function main(options: Options): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-capacity-'));
  const endMillis = Math.floor(Date.now() / DAY) * DAY;
  const clock = new ManualClock(endMillis - 20 * DAY);
  const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
  const config = loadConfig({
    overrides: { dataDir, listen: { ops: { port: await freePort() } }, services: { 'capacity-planner': { pollIntervalMillis: 50 } } },
  });
  const vigil = await startServices({ config, services: [capacityPlannerService], logger, clock });
  try {
    const keys = await seed(vigil.runtime, options.series, endMillis);
    const first = await cycle(vigil.runtime, clock, keys, endMillis + 60_000);
    const unchanged = await cycle(vigil.runtime, clock, keys, endMillis + INTERVAL + 60_000);
    const result = {
      series: options.series,
      horizons: ['48h', '30d'],
      cycle_seconds: first.wallMillis / 1000,
      ms_per_series: first.wallMillis / options.series,
      max_event_loop_stall_ms: first.maxStallMillis,
      p99_event_loop_stall_ms: first.p99StallMillis,
      unchanged_cycle_seconds: unchanged.wallMillis / 1000,
    };
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    process.stdout.write(
      [
        `capacity-planner cycle over ${result.series} series (48 h hourly + 30 d daily horizons, chDB, one process):`,
        `  first cycle        ${result.cycle_seconds.toFixed(2)} s   (${result.ms_per_series.toFixed(1)} ms per series, store I/O included)`,
        `  event-loop stall   max ${result.max_event_loop_stall_ms.toFixed(1)} ms, p99 ${result.p99_event_loop_stall_ms.toFixed(1)} ms`,
        `  no new data cycle  ${result.unchanged_cycle_seconds.toFixed(2)} s   (nothing re-forecast, nothing published)`,
        '',
      ].join('\n'),
    );
  } finally {
    await vigil.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const program = new Command('bench:capacity')
  .description('Time one capacity-planner cycle over N seeded disk series and watch the event loop')
  .option('-s, --series <count>', 'resource series to seed and forecast', (v) => Number.parseInt(v, 10), 100)
  .option('--json', 'print one JSON object')
  .action(async (options: Options) => main(options));
void program.parseAsync(process.argv);
