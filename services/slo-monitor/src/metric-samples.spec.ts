import { Cumulator } from './metric-samples';

const sample = (timestampMillis: number, value: number) => ({ metric: 'vigil.span.calls', labels: { 'service.name': 'checkout' }, timestampMillis, value });

describe('Cumulator (delta series → cumulative counters)', () => {
  it('keeps running totals and counts the first delta from a zero just before it', () => {
    const cumulator = new Cumulator();
    const out = [...cumulator.apply('acme', sample(1000, 3), true), ...cumulator.apply('acme', sample(2000, 2), true)];
    expect(out.map((s) => [s.timestampMillis, s.value])).toEqual([
      [999, 0],
      [1000, 3],
      [2000, 5],
    ]);
  });

  it('keeps two tenants with the same series apart', () => {
    const cumulator = new Cumulator();
    Array.from(cumulator.apply('acme', sample(5000, 10), true));
    const other = [...cumulator.apply('globex', sample(1000, 1), true)];
    expect(other.map((s) => s.value)).toEqual([0, 1]); // not dropped as "older", not added to acme's 10
  });

  it('ignores a replayed delta and passes cumulative samples through', () => {
    const cumulator = new Cumulator();
    Array.from(cumulator.apply('acme', sample(1000, 3), true));
    expect([...cumulator.apply('acme', sample(1000, 3), true)]).toEqual([]);
    expect([...cumulator.apply('acme', sample(1000, 42), false)].map((s) => s.value)).toEqual([42]);
  });
});
