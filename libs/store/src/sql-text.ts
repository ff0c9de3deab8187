/**
 * Small, careful helpers for SQL text that Store itself builds. Values of a query never pass
 * through here (they are bound parameters); only setting names/values Store chose.
 */

/** A ClickHouse setting value as Store may send it. */
export type SettingValue = string | number | boolean;

const SETTING_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** ClickHouse string literal: backslash and quote escaped. */
export function quoteString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * A `SETTINGS a = 1, b = 'x'` clause. Used where per-request settings cannot be sent beside the
 * query: chDB's connection turns request settings into session-wide `SET`s that would leak into
 * every later query of the process (docs/decisions/025-chdb-settings-inline.md).
 */
export function settingsClause(settings: Readonly<Record<string, SettingValue | undefined>>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(settings)) {
    if (value === undefined) continue;
    if (!SETTING_NAME.test(name)) throw new RangeError(`invalid setting name "${name}"`);
    if (typeof value === 'number') {
      if (!Number.isFinite(value)) throw new RangeError(`setting ${name} must be finite`);
      parts.push(`${name} = ${value}`);
    } else if (typeof value === 'boolean') parts.push(`${name} = ${value ? 1 : 0}`);
    else parts.push(`${name} = ${/^\d+$/.test(value) ? value : quoteString(value)}`);
  }
  return parts.length === 0 ? '' : `SETTINGS ${parts.join(', ')}`;
}

/**
 * True when `sql` holds more than one statement (a `;` followed by anything but whitespace or
 * comments, outside quotes and comments). chDB would run them all, so a read-only guard on the
 * last one would not cover the first.
 */
export function hasMultipleStatements(sql: string): boolean {
  let sawTerminator = false;
  for (let i = 0; i < sql.length; i++) {
    const char = sql[i];
    const next = sql[i + 1];
    if (char === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
      continue;
    }
    if (char === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 1;
      continue;
    }
    if (/\s/.test(char)) continue;
    if (sawTerminator) return true;
    if (char === "'" || char === '"' || char === '`') {
      i = closingQuote(sql, i);
      continue;
    }
    if (char === ';') sawTerminator = true;
  }
  return false;
}

function closingQuote(sql: string, start: number): number {
  const quote = sql[start];
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] === '\\') i++;
    else if (sql[i] === quote) {
      if (sql[i + 1] === quote) i++;
      else return i;
    }
  }
  return sql.length;
}

/** `sql` without a trailing `;` (and whitespace), so a clause can be appended. */
export function withoutTerminator(sql: string): string {
  return sql.replace(/;\s*$/, '').trimEnd();
}

const TSV_SPECIAL = /[\\\t\n\r\0]/;
const TSV_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '\\0' };

/** A string as one TabSeparated field: backslash, tab, newline, CR and NUL escaped as ClickHouse reads them. */
export function tabSeparatedField(text: string): string {
  return TSV_SPECIAL.test(text) ? text.replace(/[\\\t\n\r\0]/g, (char) => TSV_ESCAPES[char]) : text;
}
