import { IntervalSignal, type IntervalSignalOptions } from './interval-signal';

const MINUTE = 60_000;
const T0 = 1_700_000_040_000 - (1_700_000_040_000 % MINUTE);

function run(options: Partial<IntervalSignalOptions> & Pick<IntervalSignalOptions, 'kind'>, points: [number, number, number?, number?][]) {
  const signal = new IntervalSignal({ cumulative: false, intervalMillis: MINUTE, maxGapIntervals: 30, ...options });
  const out: [number, number][] = [];
  for (const [t, sum, count = 0, start = 0] of points) signal.add(t, sum, count, start, (end, value) => out.push([end - T0, value]));
  return { out, signal };
}

describe('IntervalSignal', () => {
  it('turns delta counts sent at any cadence into one per-second rate per minute', () => {
    const { out } = run({ kind: 'rate' }, [
      [T0 + 1_000, 30],
      [T0 + 7_000, 60],
      [T0 + 59_999, 30],
      [T0 + MINUTE + 5_000, 600],
      [T0 + 2 * MINUTE, 1],
    ]);
    expect(out).toEqual([
      [MINUTE, 2],
      [2 * MINUTE, 10],
    ]);
  });

  it('fills quiet minutes of a counter with 0, but not a long silence', () => {
    expect(run({ kind: 'rate' }, [[T0, 60], [T0 + 3 * MINUTE, 60]]).out).toEqual([
      [MINUTE, 1],
      [2 * MINUTE, 0],
      [3 * MINUTE, 0],
    ]);
    expect(run({ kind: 'rate', maxGapIntervals: 1 }, [[T0, 60], [T0 + 3 * MINUTE, 60]]).out).toEqual([[MINUTE, 1]]);
  });

  it('reads a cumulative counter as increases, through a restart', () => {
    const { out } = run({ kind: 'rate', cumulative: true }, [
      [T0 + 1_000, 1_000, 0, 5],
      [T0 + 30_000, 1_060, 0, 5],
      [T0 + MINUTE + 1_000, 1_120, 0, 5],
      [T0 + MINUTE + 30_000, 30, 0, 9], // the process restarted: 30 counted since
      [T0 + 2 * MINUTE + 1_000, 90, 0, 9],
    ]);
    expect(out).toEqual([
      [MINUTE, 1],
      [2 * MINUTE, 1.5],
    ]);
  });

  it('gives a histogram the mean observation of each minute, and nothing for a minute without any', () => {
    const { out } = run({ kind: 'mean' }, [
      [T0 + 1_000, 2.0, 10],
      [T0 + 20_000, 4.0, 10],
      [T0 + 2 * MINUTE + 1_000, 9.0, 3],
      [T0 + 3 * MINUTE, 0, 0],
    ]);
    expect(out).toEqual([
      [MINUTE, 0.3],
      [3 * MINUTE, 3],
    ]);
  });

  it('reads cumulative histograms as increases of sum and count', () => {
    const { out } = run({ kind: 'mean', cumulative: true }, [
      [T0, 100, 1_000],
      [T0 + 30_000, 110, 1_100],
      [T0 + MINUTE, 130, 1_120],
      [T0 + 2 * MINUTE, 130, 1_120],
    ]);
    expect(out).toEqual([
      [MINUTE, 0.1],
      [2 * MINUTE, 1],
    ]);
  });

  it('counts a late point in the open minute instead of losing it', () => {
    const { out } = run({ kind: 'rate' }, [[T0 + MINUTE + 1_000, 60], [T0 + 50_000, 60], [T0 + 2 * MINUTE, 0]]);
    expect(out).toEqual([[2 * MINUTE, 2]]);
  });

  it('resumes from a snapshot exactly as if it had never stopped', () => {
    const points: [number, number][] = Array.from({ length: 40 }, (_, i) => [T0 + i * 17_000, 100 + (i % 7) * 10]);
    const whole = run({ kind: 'rate', cumulative: true }, points.map(([t, v], i) => [t, v + i * 100] as [number, number]));
    const options = { kind: 'rate' as const, cumulative: true, intervalMillis: MINUTE, maxGapIntervals: 30 };
    const first = new IntervalSignal(options);
    const out: [number, number][] = [];
    const emit = (end: number, value: number) => out.push([end - T0, value]);
    points.slice(0, 23).forEach(([t, v], i) => first.add(t, v + i * 100, 0, 0, emit));
    const second = new IntervalSignal(options, first.snapshot());
    points.slice(23).forEach(([t, v], i) => second.add(t, v + (i + 23) * 100, 0, 0, emit));
    expect(out).toEqual(whole.out);
  });

  it('ignores non-finite points and rejects a malformed snapshot', () => {
    expect(run({ kind: 'rate' }, [[T0, NaN], [T0 + MINUTE, Infinity], [T0 + 2 * MINUTE, 1]]).out).toEqual([]);
    expect(() => new IntervalSignal({ kind: 'rate', cumulative: false, intervalMillis: MINUTE, maxGapIntervals: 1 }, new Float64Array(2))).toThrow(RangeError);
  });
});
