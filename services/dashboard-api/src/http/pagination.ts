import { z } from 'zod/v4';
import { Problem } from './problem';

/** Later than any stored time, earlier than DateTime64's end (2299): the first page's bound. */
export const END_OF_TIME_MILLIS = Date.UTC(2200, 0, 1);

/**
 * Cursor pagination: a page ends with `nextCursor`, an opaque token holding the sort key of its
 * last item (time in ms and id). The next page continues strictly after it, so inserts between
 * calls never shift or repeat items the way offsets do.
 */
export interface CursorKey {
  readonly atMillis: number;
  readonly id: string;
}

export function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify([key.atMillis, key.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): CursorKey | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const [atMillis, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof atMillis === 'number' && Number.isFinite(atMillis) && typeof id === 'string') return { atMillis, id };
  } catch {
    // fall through to the problem
  }
  throw new Problem(400, 'invalid_cursor', 'the cursor is not one this API issued; pass the nextCursor of the previous page unchanged, or omit it for the first page');
}

/** A page of items: `nextCursor` is absent on the last page. */
export function page<T>(items: T[], limit: number, keyOf: (item: T) => CursorKey): { items: T[]; nextCursor?: string } {
  if (items.length < limit || items.length === 0) return { items };
  return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1])) };
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional().describe('pass as `cursor` for the next page; absent on the last page') });
}

/** Time window + paging query fields shared by list routes. Times: RFC 3339 or Unix ms. */
export const timeValue = z.union([z.string().regex(/^\d+$/), z.iso.datetime({ offset: true })]);

export function parseTime(value: string | undefined, fallbackMillis: number, field: string): number {
  if (value === undefined) return fallbackMillis;
  const millis = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(millis) || millis > END_OF_TIME_MILLIS) throw new Problem(400, 'invalid_time', `${field} must be RFC 3339 or Unix milliseconds, got "${value}"`);
  return millis;
}

export const windowFields = {
  from: timeValue.optional().describe('start, RFC 3339 or Unix ms; default 1 hour before `to`'),
  to: timeValue.optional().describe('end, RFC 3339 or Unix ms; default now'),
  limit: z.coerce.number().int().min(1).max(10_000).default(100),
  cursor: z.string().optional().describe('nextCursor of the previous page'),
};

/** Resolves from/to (default: the hour before now) and checks their order. */
export function resolveWindow(query: { from?: string; to?: string }, nowMillis: number, defaultSpanMillis = 3_600_000): { fromMillis: number; toMillis: number } {
  const toMillis = parseTime(query.to, nowMillis, 'to');
  const fromMillis = parseTime(query.from, toMillis - defaultSpanMillis, 'from');
  if (fromMillis > toMillis) throw new Problem(400, 'invalid_window', `from (${new Date(fromMillis).toISOString()}) is after to (${new Date(toMillis).toISOString()}); swap them`);
  return { fromMillis, toMillis };
}
