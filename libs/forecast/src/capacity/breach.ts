/**
 * When a forecast path first reaches a level. The crossing is interpolated linearly between the
 * two steps that straddle it (the last observation counts as step 0), so its error is below
 * one step for any path that is locally linear.
 */

export interface Crossing {
  /** Absolute time of the crossing, or null when the path stays below the level. */
  readonly atMillis: number | null;
  /** Steps after the last observation (fractional), or null. */
  readonly steps: number | null;
}

/**
 * @param lastObserved the most recent observed value (time `lastMillis`)
 * @param path forecast values at lastMillis + (i + 1) · stepMillis
 */
export function firstCrossing(lastObserved: number, path: readonly number[], level: number, lastMillis: number, stepMillis: number): Crossing {
  if (lastObserved >= level) return { atMillis: lastMillis, steps: 0 };
  let previous = lastObserved;
  for (let i = 0; i < path.length; i++) {
    const value = path[i];
    if (Number.isFinite(value) && value >= level) {
      const fraction = Number.isFinite(previous) && value > previous ? (level - previous) / (value - previous) : 1;
      const steps = i + Math.min(1, Math.max(0, fraction));
      return { atMillis: lastMillis + steps * stepMillis, steps };
    }
    previous = value;
  }
  return { atMillis: null, steps: null };
}
