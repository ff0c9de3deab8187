import { CONTEXT_CALIBRATION_START, ContextNovelty } from './context';
import { SeriesDetector } from './series-detector';
import { mulberry32 } from './rng';
import { DAY_POINTS, dailySeries, gaussian, timestampOf } from './__fixtures__/synthetic';

/** A regular series: a 12-point staircase up and down over 10…80, with noise. */
function staircase(points: number, seed: number, from = points, pattern: (i: number) => number = () => 0): number[] {
  const noise = gaussian(seed);
  return Array.from({ length: points }, (_, i) => {
    if (i >= from) return pattern(i) + 0.5 * noise();
    const step = i % 12;
    const base = 10 + 70 * (step < 6 ? step / 5 : (11 - step) / 5);
    return base + 0.5 * noise();
  });
}

/** From `from` on, the series jumps at random between two familiar levels (10 and 80) instead of stepping. */
function jumping(seed: number): (i: number) => number {
  const random = mulberry32(seed);
  return () => (random() < 0.5 ? 10 : 80);
}

describe('ContextNovelty', () => {
  it('sees no novelty on a clean periodic series once its contexts are learnt', () => {
    const context = new ContextNovelty();
    const novelty = staircase(3000, 1).map((v) => context.observe(v));
    expect(Math.max(...novelty.slice(CONTEXT_CALIBRATION_START))).toBeLessThan(0.05);
  });

  it('rises when the pattern changes although every value stays inside the seen range', () => {
    const context = new ContextNovelty();
    const values = staircase(2300, 2, 2000, jumping(2));
    const novelty = values.map((v) => context.observe(v));
    expect(Math.max(...values.slice(2000))).toBeLessThan(Math.max(...values.slice(0, 2000)) + 2);
    expect(Math.min(...values.slice(2000))).toBeGreaterThan(Math.min(...values.slice(0, 2000)) - 2);
    expect(Math.max(...novelty.slice(2000, 2100))).toBeGreaterThan(10 * Math.max(...novelty.slice(CONTEXT_CALIBRATION_START, 2000)));
  });
});

describe('SeriesDetector with the contextual tier', () => {
  it('flags a pattern change made of in-range values, with no alarm before it', () => {
    // Five clean days, then the series jumps at random between two values well inside its range.
    const random = mulberry32(3);
    const change = 5 * DAY_POINTS;
    const values = dailySeries(6 * DAY_POINTS, 3, (i, b) => (i < change ? b : random() < 0.5 ? 85 : 115));
    const detector = new SeriesDetector({ contextTier: true });
    const verdicts = values.map((v, i) => detector.observe(timestampOf(i), v));
    expect(Math.max(...values.slice(change))).toBeLessThan(Math.max(...values.slice(0, change)));
    expect(verdicts.slice(600, change).filter((v) => v.isAnomaly)).toHaveLength(0);
    expect(verdicts.slice(change, change + 50).filter((v) => v.isAnomaly).length).toBeGreaterThan(0);
  });

  it('raises no contextual alarm on clean periodic series', () => {
    for (const values of [staircase(6000, 4), dailySeries(DAY_POINTS * 21, 5)]) {
      const detector = new SeriesDetector({ contextTier: true });
      const verdicts = values.map((v, i) => detector.observe(timestampOf(i), v));
      expect(verdicts.filter((v) => v.isAnomaly && v.detector === 'context')).toHaveLength(0);
    }
  });
});
