/** Reading and writing the M4 CSV layout: one series per row, `id,v1,v2,…`, ragged rows allowed. */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface M4Series {
  readonly id: string;
  readonly values: number[];
}

export function readM4File(path: string): M4Series[] {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  const out: M4Series[] = [];
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const cells = line.split(',');
    const id = cells[0].replace(/^"|"$/g, '').trim();
    // Cells may be empty (ragged rows padded with commas) or quoted.
    const values = cells
      .slice(1)
      .map((c) => c.replace(/^"|"$/g, '').trim())
      .filter((c) => c !== '' && c.toUpperCase() !== 'NA')
      .map(Number);
    out.push({ id, values });
  }
  return out;
}

export function writeForecastCsv(dir: string, name: string, ids: readonly string[], rows: readonly number[][], horizon: number): void {
  mkdirSync(dir, { recursive: true });
  const header = ['id', ...Array.from({ length: horizon }, (_, i) => `F${i + 1}`)].join(',');
  // A series with no usable history has an empty forecast: its row still has `horizon` cells.
  const cell = (row: readonly number[], h: number): string => (Number.isFinite(row[h]) ? String(+row[h].toFixed(6)) : 'NA');
  const body = rows.map((row, i) => [ids[i], ...Array.from({ length: horizon }, (_, h) => cell(row, h))].join(','));
  writeFileSync(join(dir, name), `${header}\n${body.join('\n')}\n`);
}
