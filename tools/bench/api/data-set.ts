/**
 * bench:api's data set, generated inside the store with INSERT … SELECT FROM numbers(): 1,000
 * series at 1-minute steps over 7 days, 10 M spans, 1 M log lines (scaled by `scale` and
 * `traceScale`). Rollups and the trace index fill through their materialized views.
 */
import type { Store } from '@vigil/store';

export interface DataSetOptions {
  scale: number;
  traceScale?: number;
  /** Progress lines (stderr in the bench). */
  log?: (text: string) => void;
}

export const BENCH_TENANT = 'bench';
export const DAY_MILLIS = 86_400_000;

/** Loads the data set; returns its sizes and a trace id that exists. */
export async function loadDataSet(store: Store, options: DataSetOptions, endMillis: number) {
  const series = Math.max(10, Math.round(1_000 * options.scale));
  const minutes = 7 * 1_440;
  const spans = Math.max(10_000, Math.round(10_000_000 * (options.traceScale ?? options.scale)));
  const logs = Math.max(1_000, Math.round(1_000_000 * (options.traceScale ?? options.scale)));
  const startMillis = endMillis - 7 * DAY_MILLIS;
  const t0 = performance.now();
  await store.command(
    `INSERT INTO metric_series (tenant, fingerprint, metric_name, labels, metric_type, monotonic, temporality, unit, description, last_seen, retention_days)
     SELECT {tenant:String}, cityHash64(number), 'bench_cpu', map('host', concat('h', toString(number)), 'zone', concat('z', toString(number % 10))),
            'gauge', false, 'unspecified', '%', '', fromUnixTimestamp64Milli({end:Int64}), 30
     FROM numbers({series:UInt64})`,
    { tenant: BENCH_TENANT, end: endMillis, series },
  );
  // One day per statement keeps each insert block within a partition or two.
  for (let day = 0; day < 7; day++) {
    await store.command(
      `INSERT INTO metric_samples (tenant, metric_name, fingerprint, time, value, retention_days)
       SELECT {tenant:String}, 'bench_cpu', cityHash64(number % {series:UInt64}),
              fromUnixTimestamp64Milli(toInt64({start:Int64} + intDiv(number, {series:UInt64}) * 60000)),
              50 + 20 * sin(intDiv(number, {series:UInt64}) / 240) + (cityHash64(number) % 100) / 10, 30
       FROM numbers({rows:UInt64})`,
      { tenant: BENCH_TENANT, series, start: startMillis + day * DAY_MILLIS, rows: series * 1_440 },
    );
  }
  const metricsMillis = performance.now() - t0;
  options.log?.(`  ${series} series × ${minutes} minutes loaded in ${(metricsMillis / 1000).toFixed(1)} s`);
  const t1 = performance.now();
  const traces = Math.floor(spans / 10);
  const gapNs = Math.floor((7 * DAY_MILLIS * 1e6) / traces);
  const chunk = 1_000_000;
  for (let first = 0; first < spans; first += chunk) {
    await store.command(
      `INSERT INTO spans (tenant, trace_id, span_id, parent_span_id, service, name, kind, start_time, duration_ns, status_code, attributes_string, retention_days)
       SELECT {tenant:String}, lower(hex(MD5(toString(intDiv(n, 10))))), leftPad(lower(hex(n)), 16, '0'),
              if(n % 10 = 0, '', leftPad(lower(hex(n - n % 10)), 16, '0')), concat('svc-', toString(intDiv(n % 10, 2))), concat('op-', toString(n % 7)),
              if(n % 10 = 0, 'server', 'client'),
              fromUnixTimestamp64Nano(toInt64({startNs:Int64} + intDiv(n, 10) * {gapNs:Int64} + (n % 10) * 1000000)),
              1000000 + cityHash64(n) % 200000000, if(cityHash64(n) % 50 = 0, 'error', 'ok'), map('http.route', concat('/r', toString(n % 20))), 30
       FROM (SELECT number + {first:UInt64} AS n FROM numbers({rows:UInt64}))`,
      { tenant: BENCH_TENANT, startNs: BigInt(startMillis) * 1_000_000n, gapNs, first, rows: Math.min(chunk, spans - first) },
    );
  }
  await store.command(
    `INSERT INTO service_edges (tenant, bucket, parent_service, child_service, calls, errors, duration_ns_sum, retention_days)
     SELECT tenant, toStartOfMinute(start_time), 'svc-0', service, count(), countIf(status_code = 'error'), sum(duration_ns), 30
     FROM spans WHERE tenant = {tenant:String} AND parent_span_id != '' AND service != 'svc-0'
     GROUP BY tenant, toStartOfMinute(start_time), service`,
    { tenant: BENCH_TENANT },
  );
  const spansMillis = performance.now() - t1;
  options.log?.(`  ${spans} spans loaded in ${(spansMillis / 1000).toFixed(1)} s`);
  const t2 = performance.now();
  await store.command(
    `INSERT INTO logs (tenant, time, observed_time, service, severity_number, severity_text, body, trace_id, span_id, retention_days)
     SELECT {tenant:String}, fromUnixTimestamp64Milli(toInt64({start:Int64} + number * {gapMs:Int64})), now64(9), concat('svc-', toString(number % 5)),
            if(number % 20 = 0, 17, 9), if(number % 20 = 0, 'ERROR', 'INFO'),
            arrayElement(['request served in 12 ms', 'cache miss for key user:42', 'timeout calling payments after 2000 ms', 'retrying charge', 'connection reset by peer'], number % 5 + 1),
            lower(hex(MD5(toString(number % {traces:UInt64})))), '', 30
     FROM numbers({logs:UInt64})`,
    { tenant: BENCH_TENANT, start: startMillis, gapMs: Math.floor((7 * DAY_MILLIS) / logs), traces, logs },
  );
  const logsMillis = performance.now() - t2;
  options.log?.(`  ${logs} log lines loaded in ${(logsMillis / 1000).toFixed(1)} s`);
  const traceId = (await store.query<{ id: string }>(`SELECT lower(hex(MD5(toString({n:UInt64})))) AS id`, { n: traces - 5 })).rows[0].id;
  return { series, samples: series * minutes, spans, logs, traceId, loadSeconds: { metrics: metricsMillis / 1000, spans: spansMillis / 1000, logs: logsMillis / 1000 } };
}

/** Waits until no merge or mutation runs (or `timeoutMillis` passes); returns how long it took. */
export async function waitForMerges(store: Store, timeoutMillis: number): Promise<{ millis: number; pending: number }> {
  const t0 = performance.now();
  for (;;) {
    const { rows } = await store.query<{ n: string }>(
      `SELECT (SELECT count() FROM system.merges) + (SELECT count() FROM system.mutations WHERE NOT is_done) AS n`,
    );
    const pending = Number(rows[0]?.n ?? 0);
    const millis = performance.now() - t0;
    if (pending === 0 || millis >= timeoutMillis) return { millis, pending };
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}
