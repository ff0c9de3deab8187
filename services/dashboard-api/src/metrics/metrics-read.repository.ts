import { Injectable } from '@nestjs/common';
import type { QueryParamValue } from '@vigil/store';
import type { Principal } from '../auth/principal';
import { TenantStore } from '../tenant-store';
import { type Aggregation, aggregateSql, columnsFor, type RangeFunction, type Resolution } from './range-plan';
import type { Selector } from './selector';

export interface SeriesInfo {
  fingerprint: string;
  metric: string;
  labels: Record<string, string>;
  type: string;
  unit: string;
}

export interface RangeSeries {
  labels: Record<string, string>;
  points: [number, number | null][];
}

export interface RangeRequest {
  selector: Selector & { metric: string };
  fromMillis: number;
  toMillis: number;
  stepSeconds: number;
  aggregation: Aggregation;
  fn: RangeFunction;
  groupBy?: readonly string[];
  resolution: Resolution;
}

const TABLE: Record<Resolution, string> = { raw: 'metric_samples', '1m': 'metric_rollup_1m', '1h': 'metric_rollup_1h' };
const TIME: Record<Resolution, string> = { raw: 'time', '1m': 'bucket', '1h': 'bucket' };

/** `labels` predicates for a selector's matchers, with their bound parameters. */
function matcherSql(selector: Selector, params: Record<string, QueryParamValue>): string {
  return selector.matchers
    .map((m, i) => {
      params[`k${i}`] = m.label;
      params[`v${i}`] = m.op === '=~' || m.op === '!~' ? `^(?:${m.value})$` : m.value;
      const value = `labels[{k${i}:String}]`;
      if (m.op === '=') return ` AND ${value} = {v${i}:String}`;
      if (m.op === '!=') return ` AND ${value} != {v${i}:String}`;
      if (m.op === '=~') return ` AND match(${value}, {v${i}:String})`;
      return ` AND NOT match(${value}, {v${i}:String})`;
    })
    .join('');
}

/** Metric catalogue and range reads for the metrics routes (tenant bound by TenantStore). */
@Injectable()
export class MetricsReadRepository {
  constructor(private readonly store: TenantStore) {}

  async metricNames(caller: Principal, search: string, limit: number): Promise<string[]> {
    const rows = await this.store.query<{ metric_name: string }>(
      caller,
      `SELECT DISTINCT metric_name FROM metric_series
       WHERE tenant = {tenant:String} AND positionCaseInsensitive(metric_name, {search:String}) > 0
       ORDER BY metric_name LIMIT {limit:UInt32}`,
      { search, limit },
    );
    return rows.map((r) => r.metric_name);
  }

  async labelNames(caller: Principal, metric: string | undefined, limit: number): Promise<string[]> {
    const rows = await this.store.query<{ name: string }>(
      caller,
      `SELECT DISTINCT arrayJoin(mapKeys(labels)) AS name FROM metric_series
       WHERE tenant = {tenant:String} AND ({metric:String} = '' OR metric_name = {metric:String})
       ORDER BY name LIMIT {limit:UInt32}`,
      { metric: metric ?? '', limit },
    );
    return rows.map((r) => r.name);
  }

  async labelValues(caller: Principal, label: string, metric: string | undefined, search: string, limit: number): Promise<string[]> {
    const rows = await this.store.query<{ value: string }>(
      caller,
      `SELECT DISTINCT labels[{label:String}] AS value FROM metric_series
       WHERE tenant = {tenant:String} AND mapContains(labels, {label:String})
         AND ({metric:String} = '' OR metric_name = {metric:String})
         AND positionCaseInsensitive(value, {search:String}) > 0
       ORDER BY value LIMIT {limit:UInt32}`,
      { label, metric: metric ?? '', search, limit },
    );
    return rows.map((r) => r.value);
  }

  /** Series matching a selector, by (metric, fingerprint); `after` continues a previous page. */
  async series(caller: Principal, selector: Selector, limit: number, after: string): Promise<SeriesInfo[]> {
    const params: Record<string, QueryParamValue> = { metric: selector.metric ?? '', limit, after };
    const rows = await this.store.query<{ fingerprint: string; metric_name: string; labels: Record<string, string>; metric_type: string; unit: string }>(
      caller,
      `SELECT toString(fingerprint) AS fingerprint, metric_name, any(labels) AS labels, toString(any(metric_type)) AS metric_type, any(unit) AS unit
       FROM metric_series
       WHERE tenant = {tenant:String} AND ({metric:String} = '' OR metric_name = {metric:String})${matcherSql(selector, params)}
         AND concat(metric_name, '/', toString(fingerprint)) > {after:String}
       GROUP BY metric_name, fingerprint
       ORDER BY metric_name, fingerprint LIMIT {limit:UInt32}`,
      params,
    );
    return rows.map((r) => ({ fingerprint: r.fingerprint, metric: r.metric_name, labels: r.labels, type: r.metric_type, unit: r.unit }));
  }

  async countSeries(caller: Principal, selector: Selector & { metric: string }): Promise<number> {
    const params: Record<string, QueryParamValue> = { metric: selector.metric };
    const rows = await this.store.query<{ n: string }>(
      caller,
      `SELECT uniqExact(fingerprint) AS n FROM metric_series WHERE tenant = {tenant:String} AND metric_name = {metric:String}${matcherSql(selector, params)}`,
      params,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * One range query: the selected series (grouped by `groupBy` labels, or one group per series),
   * a value per step. Plain aggregations read the chosen table directly; rate/increase first
   * turn each series into per-sample increases with reset handling (a drop counts as a restart
   * from zero) and sum them per step and group.
   */
  async range(caller: Principal, request: RangeRequest): Promise<RangeSeries[]> {
    const params: Record<string, QueryParamValue> = {
      metric: request.selector.metric,
      from: request.fromMillis,
      to: request.toMillis,
      step: request.stepSeconds,
      fromSec: Math.floor(request.fromMillis / 1000),
      groupBy: [...(request.groupBy ?? [])],
      byAll: request.groupBy === undefined ? 1 : 0,
    };
    const table = TABLE[request.resolution];
    const time = TIME[request.resolution];
    // Rows are grouped by a hash of the group's labels: hashing a Map per sample row costs more
    // than the aggregation itself.
    const selected = `SELECT fingerprint, group_labels, cityHash64(toString(group_labels)) AS group_key
       FROM (SELECT fingerprint, if({byAll:UInt8} = 1, any(labels), mapFilter((k, v) -> has({groupBy:Array(String)}, k), any(labels))) AS group_labels
             FROM metric_series WHERE tenant = {tenant:String} AND metric_name = {metric:String}${matcherSql(request.selector, params)}
             GROUP BY fingerprint)`;
    const window = `tenant = {tenant:String} AND metric_name = {metric:String}
         AND ${time} >= fromUnixTimestamp64Milli({from:Int64}) AND ${time} < fromUnixTimestamp64Milli({to:Int64})
         AND fingerprint IN (SELECT fingerprint FROM selected)`;
    // Steps are aligned to the window start (not to the epoch), so the first step begins at `from`.
    const stepStart = (column: string) => `(intDiv(toInt64(toUnixTimestamp(${column})) - {fromSec:Int64}, {step:UInt32}) * {step:UInt32} + {fromSec:Int64})`;
    let sql: string;
    if (request.fn === 'none') {
      sql = `WITH selected AS (${selected})
        SELECT any(s.group_labels) AS labels, s.group_key AS k, t, ${aggregateSql(request.aggregation, request.resolution)} AS v
        FROM (SELECT fingerprint, ${columnsFor(request.aggregation, request.resolution).join(', ')}, ${stepStart(time)} AS t FROM ${table} WHERE ${window}) AS d
        INNER JOIN selected AS s ON d.fingerprint = s.fingerprint
        GROUP BY k, t ORDER BY k, t`;
    } else {
      const value = request.resolution === 'raw' ? 'value' : 'argMaxMerge(last)';
      const perPoint = request.resolution === 'raw' ? `SELECT fingerprint, ${time} AS at, value AS v FROM ${table} WHERE ${window}` : `SELECT fingerprint, ${time} AS at, ${value} AS v FROM ${table} WHERE ${window} GROUP BY fingerprint, at`;
      const scale = request.fn === 'rate' ? '/ {step:UInt32}' : '';
      sql = `WITH selected AS (${selected})
        SELECT any(s.group_labels) AS labels, s.group_key AS k, t, sum(inc) ${scale} AS v
        FROM (
          SELECT fingerprint, ${stepStart('at')} AS t,
                 v - lagInFrame(v, 1, v) OVER (PARTITION BY fingerprint ORDER BY at ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS delta,
                 if(delta < 0, v, delta) AS inc
          FROM (${perPoint})
        ) AS d
        INNER JOIN selected AS s ON d.fingerprint = s.fingerprint
        GROUP BY k, t ORDER BY k, t`;
    }
    const rows = await this.store.query<{ labels: Record<string, string>; t: string | number; v: number | string | null }>(caller, sql, params);
    const bySeries = new Map<string, RangeSeries>();
    for (const row of rows) {
      const key = JSON.stringify(row.labels);
      let series = bySeries.get(key);
      if (!series) bySeries.set(key, (series = { labels: row.labels, points: [] }));
      const value = row.v === null ? null : Number(row.v);
      series.points.push([Number(row.t) * 1000, value === null || Number.isFinite(value) ? value : null]);
    }
    return [...bySeries.values()];
  }
}
