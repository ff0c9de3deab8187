import { LevelShift, Sustained, TrendChange } from './change';
import { gaussian } from './__fixtures__/synthetic';

describe('LevelShift (CUSUM)', () => {
  it("stays small on noise and grows steadily after a two-sigma shift", () => {
    const cusum = new LevelShift();
    const noise = gaussian(1);
    let quiet = 0;
    for (let i = 0; i < 1000; i++) quiet = Math.max(quiet, cusum.observe(noise()));
    let shifted = 0;
    for (let i = 0; i < 50; i++) shifted = cusum.observe(noise() - 2);
    expect(quiet).toBeLessThan(15);
    expect(shifted).toBeGreaterThan(15);
    expect(cusum.direction).toBe(-1);
    cusum.reset();
    expect(cusum.observe(0)).toBe(0);
  });
});

describe('TrendChange', () => {
  it('reports a change of slope, not a steady slope', () => {
    const trend = new TrendChange(400);
    let steady = 0;
    for (let i = 0; i < 1000; i++) steady = trend.observe(0.5 * i, 1);
    let changed = 0;
    for (let i = 0; i < 100; i++) changed = trend.observe(500 + 2 * i, 1);
    expect(Math.abs(steady)).toBeLessThan(0.01);
    expect(changed).toBeGreaterThan(3);
  });
});

describe('Sustained', () => {
  it('reads unit noise as about unit scale and a run of +3σ as large', () => {
    const sustained = new Sustained();
    const noise = gaussian(3);
    let sumSq = 0;
    for (let i = 0; i < 5000; i++) {
      const x = sustained.observe(noise());
      sumSq += x * x;
    }
    expect(Math.sqrt(sumSq / 5000)).toBeGreaterThan(0.7);
    expect(Math.sqrt(sumSq / 5000)).toBeLessThan(1.3);
    let run = 0;
    for (let i = 0; i < 30; i++) run = sustained.observe(3);
    expect(run).toBeGreaterThan(6);
  });
});
