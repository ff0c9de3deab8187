/**
 * Prometheus duration strings (`model.ParseDuration`): `1y2w3d4h5m6s7ms`, each unit at most
 * once and in that order, `0` allowed, the empty string not. A year is 365 days.
 */

const DURATION_RE = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MILLIS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1_000, 1] as const;
const UNIT_NAMES = ['y', 'w', 'd', 'h', 'm', 's', 'ms'] as const;

/** Parses a Prometheus duration into milliseconds; throws with the offending string. */
export function parseDurationMillis(text: string): number {
  if (text === '0') return 0;
  if (text === '') throw new Error('empty duration string');
  const m = DURATION_RE.exec(text);
  if (!m) throw new Error(`not a valid duration string: "${text}"`);
  let millis = 0;
  for (let i = 0; i < UNIT_MILLIS.length; i++) if (m[i + 1] !== undefined) millis += Number(m[i + 1]) * UNIT_MILLIS[i];
  if (!Number.isSafeInteger(millis)) throw new Error(`duration out of range: "${text}"`);
  return millis;
}

/** `model.Duration.String()`: largest units first, `0s` for zero. */
export function formatDuration(millis: number): string {
  if (millis === 0) return '0s';
  let rest = millis;
  let out = '';
  for (let i = 0; i < UNIT_MILLIS.length; i++) {
    // Go prints weeks only when the remainder of days is a whole number of weeks.
    if (UNIT_NAMES[i] === 'w' && Math.floor(rest / UNIT_MILLIS[2]) % 7 !== 0) continue;
    const n = Math.floor(rest / UNIT_MILLIS[i]);
    if (n > 0) {
      out += `${n}${UNIT_NAMES[i]}`;
      rest -= n * UNIT_MILLIS[i];
    }
  }
  return out;
}
