/**
 * M4 hourly benchmark for @vigil/forecast.
 *
 *   npm run bench:m4                      score on ../shared/data/m4-hourly (train.csv + test.csv)
 *   npm run bench:m4 -- --json            one JSON object on stdout
 *   npm run bench:m4 -- --train F --out D write D/point.csv, D/lower95.csv, D/upper95.csv from F alone
 *
 * Scoring follows ../shared/data/README.md: sMAPE, MASE (m = 24), OWA relative to Naive2, MSIS
 * (α = 0.05) and 95 % coverage; sNaive and Naive2 are computed here on the same series.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import { forecast } from '@vigil/forecast';
import { readM4File, writeForecastCsv } from './m4/m4-data';
import { coveredCount, mase, msis, naive2, seasonalNaive, seasonalNaiveScale, smape } from './m4/m4-scoring';

const HOUR_MILLIS = 3_600_000;

interface Options {
  data: string;
  train?: string;
  out?: string;
  json?: boolean;
  horizon: number;
  period: number;
  limit?: number;
  models?: string;
  combineTop?: number;
  origins?: number;
  maxHistory?: number;
}

const program = new Command()
  .name('bench:m4')
  .description('Forecast the M4 hourly series with @vigil/forecast and score them as M4 did (or write forecasts with --train/--out).')
  .option('--data <dir>', 'folder with train.csv and test.csv', resolve(__dirname, '../../../shared/data/m4-hourly'))
  .option('--train <file>', 'M4-format train file to forecast (with --out: write CSVs, no scoring)')
  .option('--out <dir>', 'write point.csv, lower95.csv, upper95.csv here')
  .option('--json', 'print one JSON object on stdout and no progress bar')
  .option('--horizon <steps>', 'forecast horizon', (v) => parseInt(v, 10), 48)
  .option('--period <steps>', 'seasonal period for MASE, sNaive and Naive2', (v) => parseInt(v, 10), 24)
  .option('--limit <n>', 'only the first n series (quick experiments)', (v) => parseInt(v, 10))
  .option('--models <names>', 'comma-separated candidate models (experiments; default: the library default)')
  .option('--combine-top <n>', 'models averaged (experiments; default: the library default)', (v) => parseInt(v, 10))
  .option('--origins <n>', 'back-test origins (experiments; default: the library default)', (v) => parseInt(v, 10))
  .option('--max-history <points>', 'most recent points used (experiments; default: the library default)', (v) => parseInt(v, 10))
  .parse();

const opts = program.opts<Options>();
const trainPath = opts.train ?? join(opts.data, 'train.csv');
const testPath = opts.train ? undefined : join(opts.data, 'test.csv');
let series = readM4File(trainPath);
if (opts.limit) series = series.slice(0, opts.limit);
const models = opts.models?.split(',').map((s) => s.trim());

const bar = process.stderr.isTTY && !opts.json ? new SingleBar({ format: 'M4 {bar} {value}/{total} series | {duration}s', stream: process.stderr }) : undefined;
bar?.start(series.length, 0);
const points: number[][] = [];
const lowers: number[][] = [];
const uppers: number[][] = [];
const modelsUsed = new Map<string, number>();
// CPU time is what the 100 ms/series budget means on one core; wall time is reported beside it
// because on a shared machine the two differ.
let forecastMillis = 0;
let cpuMicros = 0;
for (const s of series) {
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const result = forecast(s.values, { horizon: opts.horizon, stepMillis: HOUR_MILLIS, nonNegative: true, models, combineTop: opts.combineTop, originCount: opts.origins, maxHistoryPoints: opts.maxHistory });
  forecastMillis += performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  cpuMicros += cpu.user + cpu.system;
  points.push(result.point);
  lowers.push(result.lower95);
  uppers.push(result.upper95);
  for (const m of result.members) modelsUsed.set(m.model, (modelsUsed.get(m.model) ?? 0) + 1);
  bar?.increment();
}
bar?.stop();
const msPerSeries = cpuMicros / 1000 / series.length;
const wallMsPerSeries = forecastMillis / series.length;

if (opts.out) {
  const ids = series.map((s) => s.id);
  writeForecastCsv(opts.out, 'point.csv', ids, points, opts.horizon);
  writeForecastCsv(opts.out, 'lower95.csv', ids, lowers, opts.horizon);
  writeForecastCsv(opts.out, 'upper95.csv', ids, uppers, opts.horizon);
}

if (!testPath || !existsSync(testPath)) {
  const summary = { series: series.length, ms_per_series: round(msPerSeries, 1), wall_ms_per_series: round(wallMsPerSeries, 1), out: opts.out ?? null };
  console.log(opts.json ? JSON.stringify(summary) : `forecast ${summary.series} series, ${summary.ms_per_series} ms/series${opts.out ? `, wrote ${opts.out}` : ''}`);
} else {
  const tests = new Map(readM4File(testPath).map((s) => [s.id, s.values.slice(0, opts.horizon)]));
  const acc = { smape: 0, mase: 0, msis: 0, covered: 0, points: 0, sn: { smape: 0, mase: 0 }, n2: { smape: 0, mase: 0 } };
  series.forEach((s, i) => {
    const actual = tests.get(s.id);
    if (!actual) throw new Error(`no test values for ${s.id}`);
    const scale = seasonalNaiveScale(s.values, opts.period);
    acc.smape += smape(actual, points[i]);
    acc.mase += mase(actual, points[i], scale);
    acc.msis += msis(actual, lowers[i], uppers[i], scale);
    acc.covered += coveredCount(actual, lowers[i], uppers[i]);
    acc.points += actual.length;
    const sn = seasonalNaive(s.values, opts.period, opts.horizon);
    const n2 = naive2(s.values, opts.period, opts.horizon);
    acc.sn.smape += smape(actual, sn);
    acc.sn.mase += mase(actual, sn, scale);
    acc.n2.smape += smape(actual, n2);
    acc.n2.mase += mase(actual, n2, scale);
  });
  const n = series.length;
  const owa = (sm: number, ma: number) => 0.5 * (sm / acc.n2.smape + ma / acc.n2.mase);
  const report = {
    series: n,
    smape: round(acc.smape / n, 3),
    mase: round(acc.mase / n, 3),
    owa: round(owa(acc.smape, acc.mase), 3),
    msis: round(acc.msis / n, 3),
    coverage95: round(acc.covered / acc.points, 4),
    ms_per_series: round(msPerSeries, 1),
    wall_ms_per_series: round(wallMsPerSeries, 1),
    snaive: { smape: round(acc.sn.smape / n, 3), mase: round(acc.sn.mase / n, 3), owa: round(owa(acc.sn.smape, acc.sn.mase), 3) },
    naive2: { smape: round(acc.n2.smape / n, 3), mase: round(acc.n2.mase / n, 3), owa: 1 },
  };
  if (opts.json) console.log(JSON.stringify(report));
  else {
    console.log(`M4 hourly, ${n} series, horizon ${opts.horizon}`);
    console.log(`  vigil   sMAPE ${report.smape}  MASE ${report.mase}  OWA ${report.owa}  MSIS ${report.msis}  95% coverage ${(report.coverage95 * 100).toFixed(1)}%  ${report.ms_per_series} ms/series CPU (${report.wall_ms_per_series} wall)`);
    console.log(`  sNaive  sMAPE ${report.snaive.smape}  MASE ${report.snaive.mase}  OWA ${report.snaive.owa}`);
    console.log(`  Naive2  sMAPE ${report.naive2.smape}  MASE ${report.naive2.mase}  OWA 1`);
    console.log(`  models in combinations: ${[...modelsUsed].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
}

function round(v: number, digits: number): number {
  return Number(v.toFixed(digits));
}
