import { Injectable } from '@nestjs/common';
import type { QueryParamValue } from '@vigil/store';
import type { Principal } from '../auth/principal';
import { TenantStore } from '../tenant-store';
import { type Aggregation, aggregateSql, columnsFor, type RangeFunction, type Resolution } from './range-plan';
import type { RangeGroups, SelectedSeries } from './range-groups';
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
  metric: string;
  fromMillis: number;
  toMillis: number;
  stepSeconds: number;
  aggregation: Aggregation;
  fn: RangeFunction;
  resolution: Resolution;
  /** The selector has matchers: rows of other series of the metric must be filtered out. */
  narrowed: boolean;
}

const TABLE: Record<Resolution, string> = { raw: 'metric_samples', '1m': 'metric_rollup_1m', '1h': 'metric_rollup_1h' };
/** The group index of a fingerprint that is not among the selected series. */
const UNGROUPED = 4_294_967_295;
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

  /** Fingerprints and labels of the series a range query reads, at most `limit` of them. */
  async selectSeries(caller: Principal, selector: Selector & { metric: string }, limit: number): Promise<SelectedSeries[]> {
    const params: Record<string, QueryParamValue> = { metric: selector.metric, limit };
    // The alias must not be `labels`: WHERE would then see the aggregate instead of the column.
    const rows = await this.store.query<{ fingerprint: string; series_labels: Record<string, string> }>(
      caller,
      `SELECT toString(fingerprint) AS fingerprint, any(labels) AS series_labels FROM metric_series
       WHERE tenant = {tenant:String} AND metric_name = {metric:String}${matcherSql(selector, params)}
       GROUP BY fingerprint LIMIT {limit:UInt32}`,
      params,
    );
    return rows.map((row) => ({ fingerprint: row.fingerprint, labels: row.series_labels }));
  }

  /**
   * One range query over series already selected and grouped: a value per step and group.
   * Plain aggregations read the chosen table directly; rate/increase first turn each series into
   * per-sample increases with reset handling (a drop counts as a restart from zero) and sum them
   * per step and group. Rows are grouped by a small integer (the group's index, mapped from the
   * fingerprint by `transform`) and the step's index, and each group comes back as one row of two
   * arrays: no join, no label maps per row, no object per point.
   */
  async range(caller: Principal, request: RangeRequest, groups: RangeGroups): Promise<RangeSeries[]> {
    if (groups.fingerprints.length === 0) return [];
    const fromSec = Math.floor(request.fromMillis / 1000);
    const params: Record<string, QueryParamValue> = {
      metric: request.metric,
      from: request.fromMillis,
      to: request.toMillis,
      step: request.stepSeconds,
      fromSec,
      fingerprints: groups.fingerprints,
      groupOf: groups.groupOf,
    };
    const table = TABLE[request.resolution];
    const time = TIME[request.resolution];
    const window = `tenant = {tenant:String} AND metric_name = {metric:String}
         AND ${time} >= fromUnixTimestamp64Milli({from:Int64}) AND ${time} < fromUnixTimestamp64Milli({to:Int64})${request.narrowed ? `
         AND fingerprint IN {fingerprints:Array(UInt64)}` : ''}`;
    // Without the IN filter a series created since the selection would map to the default:
    // UNGROUPED, whose rows are dropped below, never group 0.
    const group = `transform(fingerprint, {fingerprints:Array(UInt64)}, {groupOf:Array(UInt32)}, toUInt32(${UNGROUPED}))`;
    // Steps are aligned to the window start (not to the epoch): step i begins at from + i·step.
    const stepIndex = (column: string) => `toUInt32(intDiv(toInt64(toUnixTimestamp(${column})) - {fromSec:Int64}, {step:UInt32}))`;
    let perStep: string;
    if (request.fn === 'none') {
      perStep = `SELECT ${group} AS g, ${stepIndex(time)} AS i, ${aggregateSql(request.aggregation, request.resolution)} AS v
        FROM (SELECT fingerprint, ${time}, ${columnsFor(request.aggregation, request.resolution).filter((c) => c !== time).join(', ')} FROM ${table} WHERE ${window})
        GROUP BY g, i`;
    } else {
      const perPoint = request.resolution === 'raw' ? `SELECT fingerprint, ${time} AS at, value AS v FROM ${table} WHERE ${window}` : `SELECT fingerprint, ${time} AS at, argMaxMerge(last) AS v FROM ${table} WHERE ${window} GROUP BY fingerprint, at`;
      const scale = request.fn === 'rate' ? '/ {step:UInt32}' : '';
      perStep = `SELECT ${group} AS g, ${stepIndex('at')} AS i, sum(inc) ${scale} AS v
        FROM (
          SELECT fingerprint, at,
                 v - lagInFrame(v, 1, v) OVER (PARTITION BY fingerprint ORDER BY at ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS delta,
                 if(delta < 0, v, delta) AS inc
          FROM (${perPoint})
        )
        GROUP BY g, i`;
    }
    const rows = await this.store.query<{ g: number; steps: number[]; values: (number | null)[] }>(
      caller,
      `SELECT g, arrayMap(p -> p.1, points) AS steps, arrayMap(p -> p.2, points) AS values
       FROM (SELECT g, arraySort(groupArray((i, v))) AS points FROM (${perStep}) WHERE g != ${UNGROUPED} GROUP BY g)
       ORDER BY g`,
      params,
    );
    const stepMillis = request.stepSeconds * 1000;
    const firstMillis = fromSec * 1000;
    return rows.map((row) => {
      const points: [number, number | null][] = new Array(row.steps.length);
      for (let k = 0; k < row.steps.length; k++) {
        const value = row.values[k];
        points[k] = [firstMillis + row.steps[k] * stepMillis, value === null || Number.isFinite(value) ? value : null];
      }
      return { labels: groups.labels[Number(row.g)], points };
    });
  }
}
