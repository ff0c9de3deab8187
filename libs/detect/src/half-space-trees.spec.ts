import { HalfSpaceTrees, HST_WINDOW } from './half-space-trees';
import { mulberry32 } from './rng';

describe('HalfSpaceTrees', () => {
  it('finds a point far from the mass more surprising than one inside it', () => {
    const trees = new HalfSpaceTrees(42);
    const random = mulberry32(7);
    const f = new Float64Array(3);
    for (let i = 0; i < 3 * HST_WINDOW; i++) {
      f[0] = 0.45 + 0.1 * random();
      f[1] = 0.45 + 0.1 * random();
      f[2] = 0.45 + 0.1 * random();
      trees.observe(f);
    }
    expect(trees.ready).toBe(true);
    const inside = trees.observe(Float64Array.of(0.5, 0.5, 0.5));
    const outside = trees.observe(Float64Array.of(0.05, 0.95, 0.1));
    expect(outside).toBeGreaterThan(inside + 2);
  });

  it('shares its shape through the seed: same seed, same surprises', () => {
    const a = new HalfSpaceTrees(1);
    const b = new HalfSpaceTrees(1);
    const random = mulberry32(3);
    for (let i = 0; i < 600; i++) {
      const f = Float64Array.of(random(), random(), random());
      expect(a.observe(f)).toBe(b.observe(f));
    }
  });
});
