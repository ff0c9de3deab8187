/**
 * Retention is a per-row column (`retention_days`) inside every table's partition key, so a
 * part's rows all expire together and TTL drops whole parts; changing a tenant's retention is a
 * config change affecting new rows, never an ALTER that rewrites old ones (DESIGN.md).
 */

/** Families of data with their own retention. */
export type RetentionKind = 'metrics' | 'spans' | 'logs' | 'events';

/** Decides how many days a row is kept. */
export interface RetentionPolicy {
  /** Days to keep a row of `kind` for `tenant`; an integer in 1..65535. */
  days(kind: RetentionKind, tenant: string): number;
}

/** Defaults: raw telemetry is big and short-lived; derived events are small and worth history. */
export const DEFAULT_RETENTION_DAYS: Readonly<Record<RetentionKind, number>> = Object.freeze({
  metrics: 15,
  spans: 7,
  logs: 7,
  events: 90,
});

/** A policy from defaults overridden globally and per tenant. */
export function retentionPolicy(
  overrides: Partial<Record<RetentionKind, number>> = {},
  perTenant: Readonly<Record<string, Partial<Record<RetentionKind, number>>>> = {},
): RetentionPolicy {
  const base = { ...DEFAULT_RETENTION_DAYS, ...overrides };
  for (const [kind, days] of Object.entries(base)) checkDays(days, kind);
  for (const [tenant, days] of Object.entries(perTenant)) {
    for (const [kind, value] of Object.entries(days)) checkDays(value, `${tenant}.${kind}`);
  }
  return { days: (kind, tenant) => perTenant[tenant]?.[kind] ?? base[kind] };
}

function checkDays(days: number | undefined, what: string): void {
  if (days === undefined) return;
  if (!Number.isInteger(days) || days < 1 || days > 65_535) throw new RangeError(`retention ${what} must be a whole number of days in 1..65535, got ${days}`);
}
