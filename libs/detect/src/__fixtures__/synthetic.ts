/** Seeded synthetic series for the detector tests: known anomalies at known points. */
import { mulberry32 } from '../rng';

export const FIVE_MINUTES = 300_000;
export const DAY_POINTS = 288;
export const START_MILLIS = Date.UTC(2024, 0, 1);

/** Standard normal noise from a seeded generator (Box–Muller). */
export function gaussian(seed: number): () => number {
  const random = mulberry32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A daily cycle (5-minute points): level 100, amplitude 30, noise sd 2. */
export function dailySeries(points: number, seed: number, shape: (i: number, base: number) => number = (_i, b) => b): number[] {
  const noise = gaussian(seed);
  const values: number[] = [];
  for (let i = 0; i < points; i++) {
    const base = 100 + 30 * Math.sin((2 * Math.PI * i) / DAY_POINTS);
    values.push(shape(i, base) + 2 * noise());
  }
  return values;
}

export const timestampOf = (i: number): number => START_MILLIS + i * FIVE_MINUTES;
