import { planTiers, WindowStore } from './window-store';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('WindowStore', () => {
  it('caps buckets per window by widening them for long windows', () => {
    const tiers = planTiers([5 * MINUTE, HOUR, 6 * HOUR, 24 * HOUR, 72 * HOUR], MINUTE, 360);
    expect(
      tiers.map((t) => [t.bucketMillis / MINUTE, t.windowsMillis.map((w) => w / HOUR), t.slots]),
    ).toEqual([
      [1, [5 / 60, 1, 6], 362],
      [4, [24], 362],
      [12, [72], 362],
    ]);
  });

  it('sums exactly on the grid and pro-rates a coarse trailing bucket', () => {
    const store = new WindowStore(planTiers([HOUR, 24 * HOUR], MINUTE, 360));
    for (let minute = 0; minute < 24 * 60; minute += 1) store.add(minute * MINUTE, minute < 2 ? 1 : 0, 1, 1);
    const sums = store.sums(24 * HOUR);
    expect(sums.get(HOUR)).toEqual({ numerator: 0, total: 60, samples: 60 });
    expect(sums.get(24 * HOUR)).toMatchObject({ numerator: 2, total: 1440 });
    // 1 d − 1 min on 4-min buckets: the oldest bucket counts for 3/4 of its events.
    expect(store.sumRange(24 * HOUR + MINUTE, 24 * HOUR)).toMatchObject({ total: 1439, numerator: 1.5 });
  });

  it('forgets what falls out of the longest window and survives a snapshot', () => {
    const store = new WindowStore(planTiers([HOUR], MINUTE, 360));
    store.add(0, 5, 5, 1);
    store.add(2 * HOUR, 1, 3, 1);
    expect(store.add(0, 1, 1, 1)).toBe(false);
    const copy = new WindowStore(planTiers([HOUR], MINUTE, 360));
    copy.restore(JSON.parse(JSON.stringify(store.snapshot())));
    expect(copy.sums(2 * HOUR + MINUTE).get(HOUR)).toEqual({ numerator: 1, total: 3, samples: 1 });
  });
});
