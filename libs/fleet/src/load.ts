/**
 * Traffic shape over simulated time: a diurnal curve (quiet at night, a peak in the
 * afternoon) and a weekly one (weekends lighter), as a multiplier of peak traffic. Pure in the
 * timestamp, so any tick schedule sees the same load.
 */
const DAY_MILLIS = 86_400_000;
const HOUR_MILLIS = 3_600_000;

/** Fraction of peak traffic (0–1] at a UTC time; the fleet's "local" day is UTC. */
export function loadFactor(timeMillis: number): number {
  const hour = (((timeMillis % DAY_MILLIS) + DAY_MILLIS) % DAY_MILLIS) / HOUR_MILLIS;
  // Two bumps (late morning, afternoon) over a night floor of 20 %.
  const bump = (center: number, width: number) => Math.exp(-(((hour - center) / width) ** 2));
  const diurnal = 0.2 + 0.55 * bump(11, 3) + 0.8 * bump(15.5, 3.5);
  const dayOfWeek = new Date(timeMillis).getUTCDay(); // 0 = Sunday
  const weekly = dayOfWeek === 0 || dayOfWeek === 6 ? 0.65 : 1;
  return Math.min(1, diurnal) * weekly;
}
