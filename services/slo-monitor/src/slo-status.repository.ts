import type { Store } from '@vigil/store';
import type { TenantStatus } from './slo-book';

const finiteOrNull = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? null : value);

/** Writes SLO status rows and reads counter samples back for a backfill. */
export class SloStatusRepository {
  constructor(private readonly store: Store) {}

  async writeStatus(statuses: readonly TenantStatus[]): Promise<void> {
    if (statuses.length === 0) return;
    const rows = statuses.map(({ tenant, status }) => ({
      tenant,
      slo: status.slo,
      service: status.service,
      time: status.atMillis,
      target: status.target,
      events: status.period.events,
      bad_events: status.period.badEvents,
      compliance: finiteOrNull(status.period.compliance),
      budget_remaining: finiteOrNull(status.period.budgetRemaining),
      burn_rates: Object.fromEntries(status.windows.filter((w) => w.burnRate !== undefined && Number.isFinite(w.burnRate)).map((w) => [w.window, w.burnRate])),
      firing: status.firing.map((f) => `${f.severity}:${f.longWindow}/${f.shortWindow}`),
      no_data: status.period.noData ? 1 : 0,
      exhaustion_at: status.projectedExhaustionMillis ?? null,
    }));
    await this.store.insert('slo_status', rows, { mode: 'small' });
  }

  /**
   * Counter samples of `metricNames` for one tenant in [fromMillis, toMillis), in time order per
   * series, to refill the windows after a start. (Histogram-based SLIs refill from the bus only:
   * their buckets live in metric_histograms and are not read back yet.)
   */
  async counterSamples(tenant: string, metricNames: readonly string[], fromMillis: number, toMillis: number) {
    const result = await this.store.query<{ metric_name: string; labels: Record<string, string>; delta: number; t: string; value: number }>(
      `SELECT s.metric_name AS metric_name, m.labels AS labels, m.delta AS delta, toUnixTimestamp64Milli(s.time) AS t, s.value AS value
         FROM metric_samples AS s
         INNER JOIN (SELECT fingerprint, any(labels) AS labels, any(temporality) = 'delta' AS delta FROM metric_series
                     WHERE tenant = {tenant:String} AND metric_name IN {names:Array(String)} GROUP BY fingerprint) AS m
           ON s.fingerprint = m.fingerprint
        WHERE s.tenant = {tenant:String} AND s.metric_name IN {names:Array(String)}
          AND s.time >= fromUnixTimestamp64Milli({from:Int64}) AND s.time < fromUnixTimestamp64Milli({to:Int64})
        ORDER BY s.fingerprint, s.time`,
      { tenant, names: [...metricNames], from: fromMillis, to: toMillis },
    );
    return result.rows.map((row) => ({
      metric: row.metric_name,
      labels: row.labels,
      delta: Boolean(Number(row.delta)),
      timestampMillis: Number(row.t),
      value: Number(row.value),
    }));
  }
}
