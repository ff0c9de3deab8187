/**
 * Durations as SLO documents write them. OpenSLO's "duration shorthand" is one integer and one
 * unit (`5m`, `1h`, `28d`, `4w`; `M`, `Q`, `Y` only for calendar windows). We also accept
 * Prometheus compound durations (`1h30m`, `90s`, `500ms`) because people paste them from rules.
 * Everything is held as integer milliseconds.
 */
const UNIT_MILLIS: Record<string, number> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/** Calendar units: variable length, meaningful only for calendar-aligned windows. */
export type CalendarUnit = 'M' | 'Q' | 'Y';

export type ParsedDuration =
  { kind: 'fixed'; millis: number } | { kind: 'calendar'; count: number; unit: CalendarUnit };

const COMPOUND = /^(?:\d+(?:ms|s|m|h|d|w))+$/;
const PART = /(\d+)(ms|s|m|h|d|w)/g;
const CALENDAR = /^(\d+)([MQY])$/;

/** Parses `5m`, `1h30m`, `28d`, `1M`; undefined when malformed or zero. */
export function parseDuration(text: string): ParsedDuration | undefined {
  const trimmed = text.trim();
  const calendar = CALENDAR.exec(trimmed);
  if (calendar) {
    const count = Number(calendar[1]);
    return count > 0 ? { kind: 'calendar', count, unit: calendar[2] as CalendarUnit } : undefined;
  }
  if (!COMPOUND.test(trimmed)) return undefined;
  let millis = 0;
  for (const part of trimmed.matchAll(PART)) millis += Number(part[1]) * UNIT_MILLIS[part[2]];
  return millis > 0 && Number.isSafeInteger(millis) ? { kind: 'fixed', millis } : undefined;
}

/** Parses a fixed-length duration to milliseconds; undefined for calendar units or bad input. */
export function parseFixedDurationMillis(text: string): number | undefined {
  const parsed = parseDuration(text);
  return parsed?.kind === 'fixed' ? parsed.millis : undefined;
}

/**
 * Formats milliseconds the way Prometheus prints durations (`1h`, `5m`, `3d`, `1h30m`, `90s` as
 * `1m30s`). Weeks are printed as days so `30d` stays `30d`.
 */
export function formatDuration(millis: number): string {
  if (millis === 0) return '0s';
  let rest = millis;
  let text = '';
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
    ['ms', 1],
  ] as const) {
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return text;
}
