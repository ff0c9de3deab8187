import { Baseline, Season } from './baseline';
import { DAY_POINTS, dailySeries, gaussian, timestampOf } from './__fixtures__/synthetic';

describe('Baseline', () => {
  it('finds a daily period from the data once two days were seen', () => {
    const baseline = new Baseline(400);
    const values = dailySeries(DAY_POINTS * 4, 1);
    values.forEach((v, i) => baseline.observe(timestampOf(i), v));
    expect(baseline.season).toBe(Season.Day);
  });

  it('uses no period for white noise', () => {
    const baseline = new Baseline(400);
    const noise = gaussian(2);
    for (let i = 0; i < DAY_POINTS * 4; i++) baseline.observe(timestampOf(i), 10 + noise());
    expect(baseline.season).toBe(Season.None);
  });

  it('predicts the seasonal shape, so residuals stay within noise', () => {
    const baseline = new Baseline(400);
    const values = dailySeries(DAY_POINTS * 5, 3);
    let worst = 0;
    values.forEach((v, i) => {
      const view = baseline.observe(timestampOf(i), v);
      if (i > DAY_POINTS * 4) worst = Math.max(worst, Math.abs(view.fastZ));
    });
    expect(worst).toBeLessThan(5);
  });

  it('is not dragged by a single spike', () => {
    const baseline = new Baseline(400);
    const noise = gaussian(4);
    for (let i = 0; i < 500; i++) baseline.observe(timestampOf(i), 10 + noise());
    baseline.observe(timestampOf(500), 1000);
    const next = baseline.observe(timestampOf(501), 10);
    expect(Math.abs(next.expected - 10)).toBeLessThan(2);
  });
});
