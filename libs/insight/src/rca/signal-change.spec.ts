import { badDirectionOf, measureChange, type Signal, type SignalChangeOptions } from './signal-change';

const options: SignalChangeOptions = {
  detectedAtMillis: 10_000,
  onsetSigmas: 3,
  minNormalPoints: 30,
  relativeScaleFloor: 0.01,
  levelWeight: 0.1,
  saturationSigmas: 10,
  tailSigmas: 3,
  persistenceWeight: 1,
};
const signal = (indicator: string, values: number[], normal: number[]): Signal => ({
  service: 's',
  indicator,
  source: 'metric',
  direction: badDirectionOf(indicator),
  isCount: false,
  points: values.map((value, i) => ({ timeMillis: i * 1000, value })),
  normal,
});
const wobble = (level: number, amplitude: number, n = 100) =>
  Array.from({ length: n }, (_, i) => level + amplitude * Math.sin(i * 1.7));

describe('measureChange', () => {
  it('scores a sustained rise in sigmas of the normal period and dates its onset', () => {
    const change = measureChange(signal('latency:p50', [10, 10, 10, 30, 31, 30], wobble(10, 1)), options);

    expect(change?.peakDeviation).toBeGreaterThan(10);
    expect(change?.onsetMillis).toBe(3000);
    expect(change?.center).toBeCloseTo(10, 0);
  });

  it('treats a single far point as weaker than the same level held for two points', () => {
    const spike = measureChange(signal('latency:p99', [10, 10, 60, 10, 10, 10], wobble(10, 1)), options);
    const held = measureChange(signal('latency:p99', [10, 10, 60, 60, 10, 10], wobble(10, 1)), options);

    expect(spike!.strength).toBeLessThan(held!.strength / 2);
  });

  it('ignores a move in the harmless direction', () => {
    const faster = measureChange(signal('latency:p50', [10, 10, 2, 2, 2], wobble(10, 1)), options);
    const moreAvailable = measureChange(signal('availability', [99, 99, 100, 100], wobble(99, 0.1)), options);

    expect(faster?.strength).toBeLessThan(0.1);
    expect(moreAvailable?.strength).toBeLessThan(0.1);
  });

  it('judges availability on its headroom, so a three-point drop from 100 % is a large change', () => {
    const change = measureChange(
      signal('availability:Average', [100, 100, 97, 96, 100], new Array(100).fill(100)),
      options,
    );

    expect(change?.peakDeviation).toBeGreaterThan(20);
  });

  it('discounts a level that was already off before the window (drift) against a change inside it', () => {
    const drift = measureChange(signal('latency:p50', [50, 50, 50, 50, 50], wobble(10, 1)), options);
    const rise = measureChange(signal('latency:p50', [10, 10, 50, 50, 50], wobble(10, 1)), options);

    expect(drift!.strength).toBeLessThan(rise!.strength / 3);
  });
});
