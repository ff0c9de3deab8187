import type { NabFileResult } from './nab-scoring';
import { NAB_PROFILES, scoreCorpus } from './nab-scoring';
import { leaveOneCategoryOut, spreadAcrossFiles } from './nab-robustness';

const standard = NAB_PROFILES[0];
const STEP = 60_000;

/** 1000 rows, one window over rows 500–599, scores given per row. */
function file(name: string, scoreAt: (i: number) => number, windows = true): NabFileResult {
  const ts = Array.from({ length: 1000 }, (_, i) => i * STEP);
  return { name, timestampsMillis: ts, scores: ts.map((_, i) => scoreAt(i)), windows: windows ? [[500 * STEP, 599 * STEP]] : [] };
}

describe('NAB robustness views', () => {
  it('scores a held-out category with the threshold its neighbours chose, not its own', () => {
    // Category a detects its windows at 0.9; category b only at 0.5 and has an FP at 0.6. Held out,
    // b gets a's threshold (0.9) and misses; in-sample it would pick 0.5 and catch the window.
    const files = [file('a/1.csv', (i) => (i === 510 ? 0.9 : 0)), file('a/2.csv', (i) => (i === 520 ? 0.9 : 0)), file('b/1.csv', (i) => (i === 510 ? 0.5 : i === 300 ? 0.6 : 0))];
    const loco = leaveOneCategoryOut(files, standard);
    const b = loco.categories.find((c) => c.category === 'b');
    expect(b?.threshold).toBe(0.9);
    expect(b?.normalized).toBe(0);
    expect(b?.inSample).toBeGreaterThan(80);
    // Pooled: a's two windows caught early, b's missed, over three windows.
    expect(loco.pooled).toBeGreaterThan(60);
    expect(loco.pooled).toBeLessThan(67);
  });

  it('equals the in-sample score when every category agrees on the threshold', () => {
    const files = [file('a/1.csv', (i) => (i === 500 ? 1 : 0)), file('b/1.csv', (i) => (i === 500 ? 1 : 0))];
    const loco = leaveOneCategoryOut(files, standard);
    expect(loco.pooled).toBeCloseTo(scoreCorpus(files, standard).normalized, 9);
  });

  it('summarises per-file scores by quantiles and counts false positives of files without windows', () => {
    const files = [file('a/1.csv', (i) => (i === 500 ? 1 : 0)), file('a/2.csv', () => 0), file('a/3.csv', (i) => (i === 400 ? 1 : 0), false)];
    const spread = spreadAcrossFiles(files, standard);
    expect(spread.files).toBe(2);
    expect(spread.min).toBe(0);
    expect(spread.max).toBeCloseTo(100, 6);
    expect(spread.median).toBeCloseTo(50, 6);
    expect(spread.falsePositivesWithoutWindows).toBe(1);
  });
});
