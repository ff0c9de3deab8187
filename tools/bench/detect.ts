/**
 * `npm run bench:detect` — library throughput on one core (statistical tier and full ensemble,
 * points per second) and bytes of state per series. Synthetic daily series with noise and
 * occasional spikes, many series interleaved round-robin as a consumer would see them.
 *
 *   npm run bench:detect              # human-readable
 *   npm run bench:detect -- --json    # {"statistical_points_per_s","ensemble_points_per_s","state_bytes_per_series",...}
 */
import { Command } from 'commander';
import { SeriesDetector } from '@vigil/detect';

const program = new Command()
  .name('bench:detect')
  .description('Throughput (points/s, one core) and state size (bytes/series) of @vigil/detect.')
  .option('--series <n>', 'series scored round-robin', '1000')
  .option('--points <n>', 'points per series per tier', '500')
  .option('--repeat <n>', 'timed runs per tier; the best is reported (the machine is shared)', '3')
  .option('--json', 'print one JSON object on stdout')
  .parse();
const opts = program.opts<{ series: string; points: string; repeat: string; json?: boolean }>();

const FIVE_MINUTES = 300_000;
const START = Date.UTC(2024, 0, 1);

/** Precomputed values (so the loop measures the detector, not the generator). */
function makeValues(series: number, points: number): Float64Array {
  const values = new Float64Array(series * points);
  let seed = 12345;
  const random = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
  for (let p = 0; p < points; p++) {
    for (let s = 0; s < series; s++) {
      const base = 100 + (s % 7) * 10 + 30 * Math.sin((2 * Math.PI * p) / 288 + s);
      values[p * series + s] = base + 3 * (random() - 0.5) + (random() < 0.002 ? 60 : 0);
    }
  }
  return values;
}

function measure(mlTier: boolean, series: number, points: number, values: Float64Array): { pointsPerSecond: number; anomalies: number } {
  const detectors = Array.from({ length: series }, () => new SeriesDetector({ mlTier }));
  // Warm the JIT on a first pass of the first 10% of points, then time the rest.
  const warm = Math.floor(points / 10);
  let anomalies = 0;
  for (let p = 0; p < warm; p++) for (let s = 0; s < series; s++) detectors[s].observe(START + p * FIVE_MINUTES, values[p * series + s]);
  const started = process.hrtime.bigint();
  for (let p = warm; p < points; p++) {
    const t = START + p * FIVE_MINUTES;
    for (let s = 0; s < series; s++) if (detectors[s].observe(t, values[p * series + s]).isAnomaly) anomalies++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { pointsPerSecond: ((points - warm) * series) / seconds, anomalies };
}

function main(): void {
  const series = Number(opts.series);
  const points = Number(opts.points);
  const values = makeValues(series, points);
  // A short untimed pass of each tier first, so neither timing pays for the JIT or the other's GC.
  const warmValues = makeValues(100, 300);
  measure(false, 100, 300, warmValues);
  measure(true, 100, 300, warmValues);
  const best = (mlTier: boolean): number => {
    let top = 0;
    for (let r = 0; r < Math.max(1, Number(opts.repeat)); r++) top = Math.max(top, measure(mlTier, series, points, values).pointsPerSecond);
    return top;
  };
  const statistical = { pointsPerSecond: best(false) };
  const ensemble = { pointsPerSecond: best(true) };
  const stateBytes = new SeriesDetector().snapshot().length;
  const result = {
    statistical_points_per_s: Math.round(statistical.pointsPerSecond),
    ensemble_points_per_s: Math.round(ensemble.pointsPerSecond),
    state_bytes_per_series: stateBytes,
    series,
    points_per_series: points,
  };
  if (opts.json) {
    console.log(JSON.stringify(result));
    return;
  }
  console.log(`@vigil/detect on one core, ${series} series × ${points} points (5-minute daily series, 0.2% spikes), best of ${opts.repeat} runs`);
  console.log(`  statistical tier  ${result.statistical_points_per_s.toLocaleString('en-US').padStart(12)} points/s   (target ≥ 1,000,000)`);
  console.log(`  full ensemble     ${result.ensemble_points_per_s.toLocaleString('en-US').padStart(12)} points/s   (target ≥ 150,000)`);
  console.log(`  state per series  ${String(stateBytes).padStart(12)} bytes      (target ≤ 2,048)`);
}

main();
