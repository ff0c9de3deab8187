import { PacedClock, SpeedClock } from './fleet-runner';

const real = (start: number) => {
  const source = { millis: start, now: () => source.millis };
  return source;
};

describe('simulated clocks', () => {
  it('SpeedClock runs `speed` times faster than the real clock', () => {
    const wall = real(1_000);
    const clock = new SpeedClock(5_000_000, 60, wall);
    wall.millis += 2_000;
    expect(clock.now()).toBe(5_000_000 + 120_000);
  });

  it('PacedClock never runs more than the slack ahead of the fleet, and never goes back', () => {
    const wall = real(0);
    let fleet = 0;
    const clock = new PacedClock(0, 60, () => fleet, 30_000, wall);
    wall.millis += 10_000; // 600 s of simulated time allowed by speed…
    expect(clock.now()).toBe(30_000); // …but the fleet has sent nothing yet
    fleet = 100_000;
    wall.millis += 1_000; // 60 s more at speed 60
    expect(clock.now()).toBe(90_000);
    fleet = 0; // a stale position never moves time backwards
    expect(clock.now()).toBe(90_000);
  });
});
