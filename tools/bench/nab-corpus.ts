/**
 * Reading and writing NAB-layout folders (`<category>/<file>.csv` with `timestamp,value`, an
 * optional `windows.json`) and running the detector over each file. Bench-only I/O.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SeriesDetector } from '@vigil/detect';
import type { DetectConfig } from '@vigil/detect';

export interface NabSeries {
  /** `category/file.csv` */
  readonly key: string;
  readonly timestampText: string[];
  readonly timestampsMillis: Float64Array;
  readonly values: Float64Array;
}

/** NAB timestamps are `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC. */
export function parseNabTime(text: string): number {
  const t = Date.parse(text.trim().replace(' ', 'T').replace(/(\.\d{3})\d*$/, '$1') + 'Z');
  if (Number.isNaN(t)) throw new Error(`bad NAB timestamp: ${text}`);
  return t;
}

export function listSeries(dataDir: string): string[] {
  const keys: string[] = [];
  for (const category of fs.readdirSync(dataDir, { withFileTypes: true })) {
    if (!category.isDirectory()) continue;
    for (const file of fs.readdirSync(path.join(dataDir, category.name))) {
      if (file.endsWith('.csv')) keys.push(`${category.name}/${file}`);
    }
  }
  return keys.sort();
}

export function readSeries(dataDir: string, key: string): NabSeries {
  const lines = fs.readFileSync(path.join(dataDir, key), 'utf8').split(/\r?\n/);
  const header = lines[0].split(',').map((h) => h.trim());
  const ti = header.indexOf('timestamp');
  const vi = header.indexOf('value');
  if (ti < 0 || vi < 0) throw new Error(`${key}: expected a timestamp,value header`);
  const rows = lines.slice(1).filter((l) => l.trim() !== '');
  const timestampText: string[] = [];
  const timestampsMillis = new Float64Array(rows.length);
  const values = new Float64Array(rows.length);
  rows.forEach((line, i) => {
    const cells = line.split(',');
    timestampText.push(cells[ti].trim());
    timestampsMillis[i] = parseNabTime(cells[ti]);
    values[i] = Number(cells[vi]);
  });
  return { key, timestampText, timestampsMillis, values };
}

/** Windows per file as epoch-ms pairs, or null when the folder has no labels. */
export function readWindows(dataDir: string): Map<string, Array<[number, number]>> | null {
  const file = path.join(dataDir, 'windows.json');
  if (!fs.existsSync(file)) return null;
  const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Array<[string, string]>>;
  const out = new Map<string, Array<[number, number]>>();
  for (const [key, windows] of Object.entries(raw)) out.set(key, windows.map(([a, b]) => [parseNabTime(a), parseNabTime(b)]));
  return out;
}

/** Runs one fresh detector over the series (the same code path the service uses). */
export function detectSeries(series: NabSeries, config: Partial<DetectConfig>): Float64Array {
  const detector = new SeriesDetector(config);
  const scores = new Float64Array(series.values.length);
  for (let i = 0; i < scores.length; i++) scores[i] = detector.observeScore(series.timestampsMillis[i], series.values[i]);
  return scores;
}

/** NAB's results layout: `<out>/vigil/<category>/vigil_<file>.csv`. */
export function writeResults(outDir: string, series: NabSeries, scores: Float64Array): void {
  const [category, file] = series.key.split('/');
  const dir = path.join(outDir, 'vigil', category);
  fs.mkdirSync(dir, { recursive: true });
  const lines = ['timestamp,value,anomaly_score'];
  for (let i = 0; i < scores.length; i++) lines.push(`${series.timestampText[i]},${series.values[i]},${scores[i]}`);
  fs.writeFileSync(path.join(dir, `vigil_${file}`), lines.join('\n') + '\n');
}
