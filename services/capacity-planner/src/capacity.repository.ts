import { createHash } from 'node:crypto';
import type { Forecast } from '@vigil/contracts';
import { EventsRepository, retentionPolicy, type Store } from '@vigil/store';
import type { ForecastScore } from './accuracy';

/** A series as the catalog lists it. */
export interface CatalogSeries {
  readonly tenant: string;
  readonly fingerprint: bigint;
  readonly metricName: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** Values of one series on a regular grid: values[i] at startMillis + i · stepMillis, NaN for gaps. */
export interface GridSeries {
  readonly startMillis: number;
  readonly stepMillis: number;
  readonly values: Float64Array;
}

/** A stored forecast reduced to what scoring needs. */
export interface StoredForecast {
  readonly id: string;
  readonly generatedAtMillis: number;
  readonly model: string;
  readonly backtestMase: number | null;
  readonly times: readonly number[];
  readonly point: readonly number[];
  readonly lower95: readonly number[];
  readonly upper95: readonly number[];
}

/**
 * The planner's store I/O: the series catalog, history from the hourly rollup, forecasts and
 * their accuracy. Every query binds its parameters.
 */
export class CapacityRepository {
  private readonly events: EventsRepository;
  private readonly retentionDays: (tenant: string) => number;

  constructor(private readonly store: Store) {
    const retention = retentionPolicy();
    this.events = new EventsRepository(store, retention);
    this.retentionDays = (tenant) => retention.days('events', tenant);
  }

  /** Every series (all tenants) of the given metric names, newest metadata. */
  async listSeries(metricNames: readonly string[]): Promise<CatalogSeries[]> {
    if (metricNames.length === 0) return [];
    const result = await this.store.query<{ tenant: string; fingerprint: string; metric_name: string; labels: Record<string, string> }>(
      `SELECT tenant, fingerprint, metric_name, labels
         FROM metric_series FINAL
        WHERE metric_name IN {names:Array(String)}
        ORDER BY tenant, metric_name, fingerprint`,
      { names: [...metricNames] },
    );
    return result.rows.map((row) => ({ tenant: row.tenant, fingerprint: BigInt(row.fingerprint), metricName: row.metric_name, labels: row.labels }));
  }

  /**
   * Mean value per `stepMillis` (a multiple of an hour) over [fromMillis, toMillis) of each
   * series, from `metric_rollup_1h` (sum / count), on a regular grid whose points sit at the
   * middle of their steps (`startMillis` = fromMillis + step / 2): a step's mean describes its
   * middle, so a crossing interpolated on the grid lands at the right time (decision 057).
   */
  async readHistory(tenant: string, fingerprints: readonly bigint[], stepMillis: number, fromMillis: number, toMillis: number): Promise<Map<bigint, GridSeries>> {
    const out = new Map<bigint, GridSeries>();
    if (fingerprints.length === 0 || toMillis <= fromMillis) return out;
    const stepSeconds = Math.round(stepMillis / 1000);
    const result = await this.store.query<{ fingerprint: string; t: string; v: number }>(
      `SELECT fingerprint, intDiv(toUnixTimestamp(bucket), {step:UInt32}) * {step:UInt32} * 1000 AS t, sum(sum) / sum(count) AS v
         FROM metric_rollup_1h
        WHERE tenant = {tenant:String} AND fingerprint IN {fingerprints:Array(UInt64)}
          AND bucket >= toDateTime(intDiv({from:Int64}, 1000)) AND bucket < toDateTime(intDiv({to:Int64}, 1000))
        GROUP BY fingerprint, t
        ORDER BY fingerprint, t`,
      { tenant, fingerprints: [...fingerprints], step: stepSeconds, from: fromMillis, to: toMillis },
    );
    const length = Math.floor((toMillis - fromMillis) / stepMillis);
    for (const row of result.rows) {
      const fingerprint = BigInt(row.fingerprint);
      let grid = out.get(fingerprint);
      if (!grid) {
        grid = { startMillis: fromMillis + stepMillis / 2, stepMillis, values: new Float64Array(length).fill(Number.NaN) };
        out.set(fingerprint, grid);
      }
      const index = Math.round((Number(row.t) - fromMillis) / stepMillis);
      if (index >= 0 && index < length) grid.values[index] = Number(row.v);
    }
    return out;
  }

  async writeForecasts(forecasts: readonly Forecast[]): Promise<void> {
    if (forecasts.length === 0) return;
    // The ids are deterministic, so a retried cycle folds into the rows already written.
    await this.events.insertForecasts(forecasts, tokenOf('forecasts', forecasts.map((f) => f.id)));
  }

  /** Forecasts of one series and step made in [fromMillis, toMillis), oldest first. */
  async forecastsToScore(tenant: string, fingerprint: bigint, stepMillis: number, fromMillis: number, toMillis: number): Promise<StoredForecast[]> {
    const result = await this.store.query<{
      id: string;
      generated_ms: string;
      model: string;
      mase: number | null;
      times: string[];
      point: number[];
      lower: number[];
      upper: number[];
    }>(
      `SELECT id, toUnixTimestamp64Milli(generated_at) AS generated_ms, model, mase,
              arrayMap(t -> toUnixTimestamp64Milli(t), points_time) AS times,
              points_value AS point, points_lower_95 AS lower, points_upper_95 AS upper
         FROM forecasts FINAL
        WHERE tenant = {tenant:String} AND fingerprint = {fingerprint:UInt64} AND step_millis = {step:UInt32}
          AND generated_at >= fromUnixTimestamp64Milli({from:Int64}) AND generated_at < fromUnixTimestamp64Milli({to:Int64})
        ORDER BY generated_at`,
      { tenant, fingerprint, step: stepMillis, from: fromMillis, to: toMillis },
    );
    return result.rows.map((row) => ({
      id: row.id,
      generatedAtMillis: Number(row.generated_ms),
      model: row.model,
      backtestMase: row.mase === null ? null : Number(row.mase),
      times: row.times.map(Number),
      point: row.point.map(Number),
      lower95: row.lower.map(Number),
      upper95: row.upper.map(Number),
    }));
  }

  async writeScores(scores: readonly ForecastScore[]): Promise<void> {
    if (scores.length === 0) return;
    const rows = scores.map((s) => ({
      tenant: s.tenant,
      forecast_id: s.forecastId,
      fingerprint: s.fingerprint.toString(),
      metric_name: s.metricName,
      resource: s.resource,
      horizon: s.horizon,
      model: s.model,
      generated_at: s.generatedAtMillis,
      scored_at: s.scoredAtMillis,
      points: s.points,
      smape: s.smape,
      mase: Number.isFinite(s.mase) ? s.mase : null,
      coverage_95: s.coverage95,
      backtest_mase: s.backtestMase !== null && Number.isFinite(s.backtestMase) ? s.backtestMase : null,
      retention_days: this.retentionDays(s.tenant),
    }));
    await this.store.insert('forecast_accuracy', rows, { mode: 'small', deduplicationToken: tokenOf('accuracy', scores.map((s) => s.forecastId)) });
  }
}

/** A deduplication token naming exactly this set of rows (so a retried insert stores nothing twice). */
function tokenOf(kind: string, ids: readonly string[]): string {
  return `capacity-planner/${kind}/${createHash('sha256').update(ids.join(',')).digest('hex')}`;
}
