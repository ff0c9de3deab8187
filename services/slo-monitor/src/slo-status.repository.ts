import type { Store } from '@vigil/store';
import type { TenantStatus } from './slo-book';

const finiteOrNull = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? null : value);

/** The latest status of one SLO, as `vigil slo status` and dashboard-api show it. */
export interface SloStatusRow {
  tenant: string;
  slo: string;
  service: string;
  time: string;
  target: string;
  compliance: number | null;
  budget_remaining: number | null;
  burn_rates: Record<string, number>;
  firing: string[];
  no_data: number;
}

/** Writes SLO status rows, reads the latest back, and reads counter samples for a backfill. */
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

  /** The most recent status row of every SLO (of one tenant, or all). */
  async latest(tenant?: string): Promise<SloStatusRow[]> {
    const result = await this.store.query<SloStatusRow>(
      `SELECT tenant, slo, argMax(service, time) AS service, max(time) AS time, argMax(target, time) AS target,
              argMax(compliance, time) AS compliance, argMax(budget_remaining, time) AS budget_remaining,
              argMax(burn_rates, time) AS burn_rates, argMax(firing, time) AS firing, argMax(no_data, time) AS no_data
         FROM slo_status
        WHERE {all:UInt8} = 1 OR tenant = {tenant:String}
        GROUP BY tenant, slo
        ORDER BY tenant, slo`,
      { all: tenant === undefined ? 1 : 0, tenant: tenant ?? '' },
    );
    return result.rows;
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
