/** Seeded synthetic series for the forecast tests: deterministic, so a failure reproduces. */

export function seededRandom(seed: number): () => number {
  // mulberry32
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export interface SeasonalTrendSpec {
  readonly length: number;
  readonly level: number;
  /** Added per step. */
  readonly slope: number;
  /** Amplitude of the daily (24-step) sine. */
  readonly dailyAmplitude: number;
  /** Amplitude of a weekly (168-step) pattern: weekends lower. */
  readonly weeklyAmplitude?: number;
  readonly noiseSd: number;
  readonly seed: number;
}

/** Hourly series: level + trend + daily cycle + optional weekly cycle + Gaussian noise. */
export function seasonalTrendSeries(spec: SeasonalTrendSpec): number[] {
  const noise = gaussian(seededRandom(spec.seed));
  return Array.from({ length: spec.length }, (_, t) => {
    const daily = spec.dailyAmplitude * Math.sin((2 * Math.PI * t) / 24);
    const weekend = Math.floor(t / 24) % 7 >= 5 ? -(spec.weeklyAmplitude ?? 0) : 0;
    return spec.level + spec.slope * t + daily + weekend + spec.noiseSd * noise();
  });
}
