import { parseDurationMillis, ParseError } from '@vigil/promql';

/** Query parameters from the URL and, for form POSTs, the body (repeated keys kept in order). */
export function collectParams(query: unknown, body: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (source: unknown) => {
    if (typeof source === 'string') {
      for (const [key, value] of new URLSearchParams(source)) out.set(key, [...(out.get(key) ?? []), value]);
      return;
    }
    if (!source || typeof source !== 'object') return;
    for (const [key, value] of Object.entries(source as Record<string, unknown>)) {
      const values = Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)];
      out.set(key, [...(out.get(key) ?? []), ...values]);
    }
  };
  add(query);
  add(body);
  return out;
}

/** Prometheus's parseTime: Unix seconds (fractions allowed) or RFC 3339. */
export function parseTimeMillis(text: string, name: string): number {
  if (/^[-+]?\d+(\.\d+)?$/.test(text.trim())) return Math.round(Number(text) * 1000);
  const millis = Date.parse(text);
  if (Number.isNaN(millis)) throw new ParseError(`invalid parameter "${name}": cannot parse "${text}" to a valid timestamp`);
  return millis;
}

/** Prometheus's parseDuration: seconds (fractions allowed) or a duration like `15s`. */
export function parseStepMillis(text: string, name: string): number {
  const millis = parseDurationMillis(text.trim());
  if (millis === undefined || millis <= 0) throw new ParseError(`invalid parameter "${name}": cannot parse "${text}" to a valid duration`);
  return millis;
}
