import { type LoadedSeries, QueryLimitError, rollupAligned, type RollupFunction, type SelectRequest } from '@vigil/promql';
import type { Principal } from '../auth/principal';
import type { TenantStore } from '../tenant-store';
import { float64sFromHex, inTimeOrder } from './sample-columns';
import type { PromSeries } from './prometheus-series.repository';

/** The rollup tables (migration 002), coarsest first: the coarsest one that fits is read. */
const RESOLUTIONS: readonly { readonly millis: number; readonly table: string }[] = [
  { millis: 3_600_000, table: 'metric_rollup_1h' },
  { millis: 60_000, table: 'metric_rollup_1m' },
];

/** Each function's value of one bucket, from the rollup's columns. */
const BUCKET_VALUE: Readonly<Record<RollupFunction, string>> = {
  min_over_time: 'min(min)',
  max_over_time: 'max(max)',
  last_over_time: 'argMaxMerge(last)',
  present_over_time: 'toFloat64(1)',
};

interface RollupRow {
  fp: string;
  n: string;
  t: string;
  v: string;
  non_finite: string;
  rollup_samples: string;
  raw_samples: string;
  edge_samples: string;
}

/**
 * Serves a selector from the 1 h or 1 m rollup when that gives Prometheus's exact answer (see
 * RollupHint and decision 186), else returns undefined and the caller reads raw samples. One
 * statement reads the buckets (one point per bucket, at its middle) and, from the raw table's
 * time column only, checks per series that nothing breaks the equivalence:
 * - a sample exactly on a bucket edge (it belongs to the other side of a window than its bucket);
 * - a non-finite value in a bucket (NaN, ±Inf, stale markers: min/max/last would differ) — a
 *   bucket's sum is finite only when all its values are;
 * - raw and rollup counts that differ (raw expired while the rollup lives on, or a write the
 *   rollup missed).
 */
export async function readRollup(store: TenantStore, caller: Principal, series: readonly PromSeries[], fingerprintFilter: string, request: SelectRequest): Promise<LoadedSeries[] | undefined> {
  const hint = request.rollup;
  if (!hint) return undefined;
  const resolution = RESOLUTIONS.find((r) => rollupAligned(hint, r.millis));
  if (!resolution) return undefined;
  // The evaluator's windows are (end - range, end] for the hinted ends: buckets [from, to) make them up.
  const fromMillis = hint.firstEndMillis - hint.rangeMillis;
  const toMillis = hint.lastEndMillis;
  const seriesFilter = `tenant = {tenant:String} AND metric_name IN {names:Array(String)} ${fingerprintFilter}`;
  // Raw samples are checked on [from, to], so one sitting exactly at the last window's end shows
  // up as an edge sample.
  const rows = await store.query<RollupRow>(
    caller,
    `SELECT toString(fingerprint) AS fp, rollup.n AS n, rollup.t AS t, rollup.v AS v, rollup.non_finite AS non_finite,
            rollup.rollup_samples AS rollup_samples, raw.raw_samples AS raw_samples, raw.edge_samples AS edge_samples
     FROM (
       SELECT fingerprint, count() AS n, sum(samples) AS rollup_samples, countIf(NOT isFinite(total)) AS non_finite,
              arrayStringConcat(arrayMap(x -> hex(toFloat64(x)), groupArray(toUnixTimestamp(bucket)))) AS t,
              arrayStringConcat(arrayMap(x -> hex(x), groupArray(value))) AS v
       FROM (
         SELECT fingerprint, bucket, sum(count) AS samples, sum(sum) AS total, ${BUCKET_VALUE[hint.function]} AS value
         FROM ${resolution.table}
         WHERE ${seriesFilter} AND bucket >= toDateTime({fromSeconds:Int64}) AND bucket < toDateTime({toSeconds:Int64})
         GROUP BY fingerprint, bucket
         HAVING samples > 0
         LIMIT {limit:UInt64}
       )
       GROUP BY fingerprint
     ) AS rollup
     FULL OUTER JOIN (
       SELECT fingerprint, count() AS raw_samples, countIf(toUnixTimestamp64Milli(time) % {resolution:UInt32} = 0) AS edge_samples
       FROM metric_samples
       WHERE ${seriesFilter} AND time >= fromUnixTimestamp64Milli({from:Int64}) AND time <= fromUnixTimestamp64Milli({to:Int64})
       GROUP BY fingerprint
     ) AS raw USING (fingerprint)`,
    {
      names: [...new Set(series.map((s) => s.storedName))],
      ...(fingerprintFilter === '' ? {} : { fps: series.map((s) => s.fingerprint) }),
      fromSeconds: fromMillis / 1000,
      toSeconds: toMillis / 1000,
      from: fromMillis,
      to: toMillis,
      resolution: resolution.millis,
      limit: request.maxSamples + 1,
    },
  );
  const exact = rows.every((row) => Number(row.edge_samples) === 0 && Number(row.non_finite) === 0 && row.rollup_samples === row.raw_samples);
  if (!exact) return undefined;
  if (rows.reduce((total, row) => total + Number(row.n), 0) > request.maxSamples) throw new QueryLimitError(request.maxSamples);
  const half = resolution.millis / 2;
  // Buckets come out of a hash aggregation in no particular order.
  const byFingerprint = new Map(rows.map((row) => [row.fp, inTimeOrder(float64sFromHex(row.t).map((seconds) => seconds * 1000 + half), float64sFromHex(row.v))]));
  return series.flatMap((s) => {
    const columns = byFingerprint.get(s.fingerprint);
    return columns && columns.values.length > 0 ? [{ labels: s.labels, timesMillis: columns.times, values: columns.values, bucketMillis: resolution.millis }] : [];
  });
}
