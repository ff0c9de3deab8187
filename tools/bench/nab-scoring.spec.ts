import type { NabFileResult } from './nab-scoring';
import { NAB_PROFILES, probationaryLength, scaledSigmoid, scoreCorpus } from './nab-scoring';

const standard = NAB_PROFILES[0];
const STEP = 60_000;

/** 1000 rows; one window over rows 500–599. */
function file(scoreAt: (i: number) => number): NabFileResult {
  const ts = Array.from({ length: 1000 }, (_, i) => i * STEP);
  return { name: 'f.csv', timestampsMillis: ts, scores: ts.map((_, i) => scoreAt(i)), windows: [[500 * STEP, 599 * STEP]] };
}

describe('NAB scoring', () => {
  it('follows NAB’s scaled sigmoid and probation rules', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(3)).toBe(-1);
    expect(probationaryLength(1000)).toBe(150);
    expect(probationaryLength(20000)).toBe(750);
  });

  it('scores a detector that never fires 0 and one that fires at each window start 100', () => {
    expect(scoreCorpus([file(() => 0)], standard).normalized).toBe(0);
    expect(scoreCorpus([file((i) => (i === 500 ? 1 : 0))], standard).normalized).toBeCloseTo(100, 6);
  });

  it('rewards early detection more than late detection', () => {
    const early = scoreCorpus([file((i) => (i === 510 ? 1 : 0))], standard).normalized;
    const late = scoreCorpus([file((i) => (i === 590 ? 1 : 0))], standard).normalized;
    expect(early).toBeGreaterThan(late);
  });

  it('charges a false positive the FP weight, and nothing inside the probationary period', () => {
    const fp = scoreCorpus([file((i) => (i === 500 || i === 300 ? 1 : 0))], standard);
    expect(fp.fp).toBe(1);
    expect(fp.raw).toBeCloseTo(1 - 0.11, 6);
    const probation = scoreCorpus([file((i) => (i === 500 || i === 100 ? 1 : 0))], standard);
    expect(probation.fp).toBe(0);
  });

  it('picks the threshold that maximises the total', () => {
    // A 0.9 FP before the window and a 0.8 detection in it: the best threshold is 0.8 (both count,
    // TP worth more than the FP costs); a threshold above 0.9 would miss the window.
    const s = scoreCorpus([file((i) => (i === 300 ? 0.9 : i === 520 ? 0.8 : 0))], standard);
    expect(s.threshold).toBe(0.8);
    expect(s.tp).toBe(1);
  });
});
