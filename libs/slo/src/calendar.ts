/**
 * Calendar-aligned SLO periods ("this month, in Europe/Paris, starting on the 1st at 00:00").
 * Pure: the time-zone rules come from the runtime's ICU data through Intl, no I/O, no clock.
 * Day and week periods are fixed lengths from the anchor; month, quarter and year periods step in
 * local wall-clock months, so they follow DST and month lengths. Anchors should use a day of month
 * ≤ 28: a 31st anchor rolls into the next month where it does not exist (as Date.UTC does).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True when the runtime knows the IANA zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallTimeAt(epochMillis: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(epochMillis))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

function offsetMillis(epochMillis: number, timeZone: string): number {
  const wall = wallTimeAt(epochMillis, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(epochMillis / 1000) * 1000;
}

/** Epoch of a local wall-clock time in `timeZone` (the earlier instant when DST makes it ambiguous). */
export function zonedToEpochMillis(wall: WallTime, timeZone: string): number {
  const guess = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  let epoch = guess - offsetMillis(guess, timeZone);
  epoch = guess - offsetMillis(epoch, timeZone);
  return epoch;
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Parses OpenSLO's `startTime` ("2022-01-01 12:00:00", no offset); undefined when malformed. */
export function parseLocalDateTime(text: string): WallTime | undefined {
  const match = LOCAL_DATE_TIME.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return undefined;
  return { year, month, day, hour, minute, second };
}

export interface CalendarPeriod {
  readonly startMillis: number;
  readonly endMillis: number;
}

const FIXED_UNIT_MILLIS = { d: 86_400_000, w: 7 * 86_400_000 } as const;
const MONTHS_PER_UNIT = { M: 1, Q: 3, Y: 12 } as const;

/** The calendar period containing `nowMillis`. */
export function calendarPeriodAt(
  nowMillis: number,
  window: { count: number; unit: 'd' | 'w' | 'M' | 'Q' | 'Y'; startTime: string; timeZone: string },
): CalendarPeriod {
  const anchorWall = parseLocalDateTime(window.startTime);
  if (!anchorWall) throw new RangeError(`bad calendar startTime ${JSON.stringify(window.startTime)}`);
  const anchor = zonedToEpochMillis(anchorWall, window.timeZone);
  if (window.unit === 'd' || window.unit === 'w') {
    const lengthMillis = window.count * FIXED_UNIT_MILLIS[window.unit];
    const index = Math.floor((nowMillis - anchor) / lengthMillis);
    return { startMillis: anchor + index * lengthMillis, endMillis: anchor + (index + 1) * lengthMillis };
  }
  const stepMonths = window.count * MONTHS_PER_UNIT[window.unit];
  const startOf = (index: number): number =>
    zonedToEpochMillis({ ...anchorWall, month: anchorWall.month + index * stepMonths }, window.timeZone);
  const now = wallTimeAt(nowMillis, window.timeZone);
  let index = Math.floor(((now.year - anchorWall.year) * 12 + (now.month - anchorWall.month)) / stepMonths);
  while (startOf(index) > nowMillis) index -= 1;
  while (startOf(index + 1) <= nowMillis) index += 1;
  return { startMillis: startOf(index), endMillis: startOf(index + 1) };
}
