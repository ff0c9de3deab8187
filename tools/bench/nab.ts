/**
 * `npm run bench:nab` — runs @vigil/detect over a NAB-layout folder with ONE configuration for
 * every file, and scores it by NAB v1.1's rules (three profiles, threshold per profile).
 *
 *   npm run bench:nab                         # ../shared/data/nab, human-readable
 *   npm run bench:nab -- --json               # {"standard","low_fp","low_fn","files"}
 *   npm run bench:nab -- --data DIR --out DIR # any folder; writes <out>/vigil/<cat>/vigil_<file>.csv
 */
import * as path from 'node:path';
import { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import type { DetectConfig } from '@vigil/detect';
import { detectSeries, listSeries, readSeries, readWindows, writeResults } from './nab-corpus';
import type { NabFileResult, NabProfileScore } from './nab-scoring';
import { NAB_PROFILES, scoreCorpus } from './nab-scoring';

const DEFAULT_DATA = path.resolve(__dirname, '../../../shared/data/nab');

const program = new Command()
  .name('bench:nab')
  .description('Score Vigil’s detector on a Numenta Anomaly Benchmark folder (<category>/<file>.csv [+ windows.json]).')
  .option('--data <dir>', 'NAB-layout data folder', DEFAULT_DATA)
  .option('--out <dir>', 'also write NAB results files under <dir>/vigil/<category>/vigil_<file>.csv')
  .option('--json', 'print one JSON object {"standard","low_fp","low_fn","files"} on stdout')
  .option('--config <json>', 'detector configuration overrides as JSON (applied to every file)', '{}')
  .option('--per-file', 'print each file’s standard-profile breakdown')
  .parse();

const opts = program.opts<{ data: string; out?: string; json?: boolean; config: string; perFile?: boolean }>();

function main(): void {
  const dataDir = path.resolve(opts.data);
  const config = JSON.parse(opts.config) as Partial<DetectConfig>;
  const windows = readWindows(dataDir);
  const keys = listSeries(dataDir);
  if (keys.length === 0) throw new Error(`no <category>/<file>.csv under ${dataDir}`);
  const bar = process.stderr.isTTY && !opts.json ? new SingleBar({ format: 'NAB {bar} {value}/{total} files | {file}', stream: process.stderr }, Presets.shades_classic) : null;
  bar?.start(keys.length, 0, { file: '' });
  const results: NabFileResult[] = [];
  const started = process.hrtime.bigint();
  let points = 0;
  for (const key of keys) {
    bar?.update({ file: key });
    const series = readSeries(dataDir, key);
    const scores = detectSeries(series, config);
    points += scores.length;
    if (opts.out) writeResults(path.resolve(opts.out), series, scores);
    if (windows) results.push({ name: key, timestampsMillis: series.timestampsMillis, scores, windows: windows.get(key) ?? [] });
    bar?.increment();
  }
  bar?.stop();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  if (!windows) {
    if (opts.json) console.log(JSON.stringify({ standard: null, low_fp: null, low_fn: null, files: keys.length }));
    else console.log(`${keys.length} files, ${points} points scored in ${seconds.toFixed(1)} s; no windows.json, so no NAB score.`);
    return;
  }
  const [standard, lowFp, lowFn] = NAB_PROFILES.map((p) => scoreCorpus(results, p));
  if (opts.json) {
    console.log(JSON.stringify({ standard: round(standard.normalized), low_fp: round(lowFp.normalized), low_fn: round(lowFn.normalized), files: keys.length }));
    return;
  }
  console.log(`NAB on ${keys.length} files (${points} points, ${seconds.toFixed(1)} s), one configuration for all files`);
  for (const s of [standard, lowFp, lowFn]) console.log(line(s));
  if (opts.perFile) {
    for (const f of standard.perFile) console.log(`  ${f.name.padEnd(62)} raw ${f.raw.toFixed(3).padStart(7)}  tp ${f.tp} fp ${f.fp} fn ${f.fn}`);
  }
}

const round = (x: number): number => Math.round(x * 100) / 100;

function line(s: NabProfileScore): string {
  return `  ${s.profile.padEnd(20)} ${s.normalized.toFixed(2).padStart(6)}   (threshold ${s.threshold.toFixed(4)}, tp ${s.tp}, fp ${s.fp}, fn ${s.fn}, raw ${s.raw.toFixed(2)})`;
}

main();
