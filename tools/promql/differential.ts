import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '@vigil/config';
import { dashboardApiService } from '@vigil/dashboard-api';
// The differential feeds Vigil the way production does, through the real ingest service.
import { ingestService } from '@vigil/ingest';
import { createLogger } from '@vigil/observability';
import { labelsKey } from '@vigil/promql';
import { type RunningVigil, startServices } from '@vigil/runtime';
import { freePort, waitFor } from '@vigil/testing';
import { EXPRESSIONS, generateSeries, SCRAPE_MILLIS } from './differential-data';
import { encodeWriteRequest, remoteWrite } from './remote-write';
import { promValue, sameValue } from './script-runner';

const KEY = 'promql-differential-key-0001';
const TENANT = 'promql-diff';
const POINTS = 240; // one hour at 15 s

export interface QueryOutcome {
  readonly query: string;
  readonly kind: 'instant' | 'range';
  readonly verdict: 'identical' | 'unsupported' | 'different';
  readonly detail?: string;
  readonly vigilMillis: number;
  /** Selectors Vigil answered from rollup buckets (its `stats=all`). */
  readonly rollupSelectors: number;
}

export interface DifferentialReport {
  readonly queries: number;
  readonly identical: number;
  readonly unsupported: number;
  readonly different: readonly QueryOutcome[];
  readonly p50_ms: number;
  readonly p99_ms: number;
  readonly outcomes: readonly QueryOutcome[];
  /** Identical answers that Vigil computed from rollup buckets (minute-aligned range queries). */
  readonly identicalFromRollups: number;
  /** The latency target: a 1 h range at 15 s steps over 100 series, p99 of repeated runs. */
  readonly range_1h_100_series_p50_ms: number;
  readonly range_1h_100_series_p99_ms: number;
  /** Median stages of that query from Prometheus's `stats=all` timings: reading samples, evaluating. */
  readonly range_1h_100_series_prepare_p50_ms: number;
  readonly range_1h_100_series_eval_p50_ms: number;
  /** CPU time of this process (client and in-process Vigil) per query: steadier than wall time on a shared machine. */
  readonly range_1h_100_series_cpu_ms: number;
}

const PERF_SERIES = 100;
const PERF_RUNS = 30;

type Timings = { queryPreparationTime: number; innerEvalTime: number };
type Body = { status: string; errorType?: string; error?: string; data?: { resultType: string; result: unknown; stats?: { timings: Timings; vigil?: { rollupSelectors: number } } } };
type Series = { metric: Record<string, string>; value?: [number, string]; values?: [number, string][] };

/**
 * Vigil against real Prometheus: the same generated series are remote-written to both, then
 * every query of the corpus runs against both HTTP APIs and the answers are compared (label
 * sets, values within 1e-9 relative, NaN, empty results). Vigil saying "unsupported PromQL
 * feature" counts as unsupported; any other disagreement is a difference.
 */
export async function runDifferential(prometheusBinary: string, onProgress?: (done: number, total: number) => void): Promise<DifferentialReport> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-promql-diff-'));
  let vigil: RunningVigil | undefined;
  let prometheus: ChildProcess | undefined;
  try {
    const [apiPort, ingestPort, opsPort, promPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    const config = loadConfig({
      overrides: {
        dataDir: join(dir, 'vigil'),
        listen: { dashboardApi: { port: apiPort }, ingest: { port: ingestPort }, ops: { port: opsPort } },
        auth: { apiKeys: [{ key: KEY, tenant: TENANT, role: 'editor' }] },
      },
    });
    const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
    vigil = await startServices({ config, services: [ingestService, dashboardApiService], logger });
    writeFileSync(join(dir, 'prometheus.yml'), 'global: { scrape_interval: 15s }\n');
    prometheus = spawn(
      prometheusBinary,
      [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'prom')}`, `--web.listen-address=127.0.0.1:${promPort}`, '--web.enable-remote-write-receiver'],
      { stdio: 'ignore' },
    );
    const promUrl = `http://127.0.0.1:${promPort}`;
    await waitFor(async () => (await fetch(`${promUrl}/-/ready`).catch(() => undefined))?.status === 200, { timeoutMillis: 30_000, intervalMillis: 200, what: 'Prometheus ready' });

    const endMillis = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
    const startMillis = endMillis - POINTS * SCRAPE_MILLIS;
    const series = [...generateSeries(startMillis, POINTS), ...perfSeries(startMillis)];
    const body = encodeWriteRequest(series);
    await remoteWrite(`${promUrl}/api/v1/write`, body);
    await remoteWrite(`http://127.0.0.1:${ingestPort}/api/v1/write`, body, KEY);
    const expected = series.reduce((n, s) => n + s.samples.length, 0);
    const store = vigil.runtime.store;
    await waitFor(
      async () => Number((await store.query<{ c: string }>('SELECT count() AS c FROM metric_samples WHERE tenant = {tenant:String}', { tenant: TENANT })).rows[0].c) >= expected,
      { timeoutMillis: 60_000, intervalMillis: 250, what: `${expected} samples in Vigil's store` },
    );

    // Instants on the 15 s grid but off the minute, so subquery steps never sit on a window edge.
    const instants = [endMillis - 45_000, endMillis - 20 * 60_000 + 15_000, startMillis + 12 * 60_000 + 45_000];
    // Ranges: one off the minute; one on whole minutes, where rollups may answer min/max/last/
    // present_over_time. Subqueries skip the second: their inner steps would sit on window edges,
    // where 2.42's closed ranges and 3's open ones legitimately differ.
    const ranges = [
      { start: startMillis + 10 * 60_000 + 15_000, end: endMillis - 45_000, step: 60_000, subqueries: true },
      { start: startMillis + 12 * 60_000, end: endMillis - 2 * 60_000, step: 120_000, subqueries: false },
    ];
    const jobs: { query: string; kind: 'instant' | 'range'; params: Record<string, string> }[] = [];
    for (const query of EXPRESSIONS) {
      for (const t of instants) jobs.push({ query, kind: 'instant', params: { query, time: String(t / 1000) } });
      for (const range of ranges) {
        if (!range.subqueries && hasSubquery(query)) continue;
        jobs.push({ query, kind: 'range', params: { query, start: String(range.start / 1000), end: String(range.end / 1000), step: String(range.step / 1000) } });
      }
    }
    const outcomes: QueryOutcome[] = [];
    for (const job of jobs) {
      const path = job.kind === 'instant' ? 'query' : 'query_range';
      const prom = await get(`${promUrl}/api/v1/${path}`, job.params);
      const began = performance.now();
      const ours = await get(`http://127.0.0.1:${apiPort}/prometheus/api/v1/${path}`, { ...job.params, stats: 'all' }, KEY);
      const vigilMillis = performance.now() - began;
      const rollupSelectors = ours.data?.stats?.vigil?.rollupSelectors ?? 0;
      if (ours.data) delete ours.data.stats;
      outcomes.push({ query: job.query, kind: job.kind, vigilMillis, rollupSelectors, ...compare(job.query, prom, ours) });
      onProgress?.(outcomes.length, jobs.length);
    }
    const times = outcomes.map((o) => o.vigilMillis).sort((a, b) => a - b);
    const pct = (q: number, sorted = times) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 10) / 10;
    const perfParams = { query: 'sum by (group) (rate(perf_requests_total[1m]))', start: String((endMillis - 3_600_000) / 1000), end: String(endMillis / 1000), step: '15', stats: 'all' };
    const perfTimes: number[] = [];
    const prepareTimes: number[] = [];
    const evalTimes: number[] = [];
    // A few unmeasured runs first: the figure is for a warm server (JIT-compiled evaluator).
    for (let run = 0; run < 5; run++) await get(`http://127.0.0.1:${apiPort}/prometheus/api/v1/query_range`, perfParams, KEY);
    const cpuBefore = process.cpuUsage();
    for (let run = 0; run < PERF_RUNS; run++) {
      const began = performance.now();
      const body = await get(`http://127.0.0.1:${apiPort}/prometheus/api/v1/query_range`, perfParams, KEY);
      perfTimes.push(performance.now() - began);
      if (body.status !== 'success') throw new Error(`perf query failed: ${body.error}`);
      prepareTimes.push((body.data?.stats?.timings.queryPreparationTime ?? NaN) * 1000);
      evalTimes.push((body.data?.stats?.timings.innerEvalTime ?? NaN) * 1000);
    }
    const cpu = process.cpuUsage(cpuBefore);
    for (const list of [perfTimes, prepareTimes, evalTimes]) list.sort((a, b) => a - b);
    return {
      queries: outcomes.length,
      identical: outcomes.filter((o) => o.verdict === 'identical').length,
      unsupported: outcomes.filter((o) => o.verdict === 'unsupported').length,
      different: outcomes.filter((o) => o.verdict === 'different'),
      p50_ms: pct(0.5),
      p99_ms: pct(0.99),
      outcomes,
      identicalFromRollups: outcomes.filter((o) => o.verdict === 'identical' && o.rollupSelectors > 0).length,
      range_1h_100_series_p50_ms: pct(0.5, perfTimes),
      range_1h_100_series_p99_ms: pct(0.99, perfTimes),
      range_1h_100_series_prepare_p50_ms: pct(0.5, prepareTimes),
      range_1h_100_series_eval_p50_ms: pct(0.5, evalTimes),
      range_1h_100_series_cpu_ms: Math.round((cpu.user + cpu.system) / 1000 / PERF_RUNS * 10) / 10,
    };
  } finally {
    prometheus?.kill('SIGTERM');
    await vigil?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** 100 counters over the hour for the latency target (not part of the compared corpus). */
function perfSeries(startMillis: number) {
  return Array.from({ length: PERF_SERIES }, (_, i) => ({
    labels: { __name__: 'perf_requests_total', instance: String(i), group: `g${i % 10}` },
    samples: Array.from({ length: POINTS }, (_, j) => ({ timeMillis: startMillis + j * SCRAPE_MILLIS + 3_100, value: j * (i + 1) })),
  }));
}

/** `[10m:1m]` / `[5m:]`: a colon inside a range bracket. */
function hasSubquery(query: string): boolean {
  return /\[[^\]]*:[^\]]*\]/.test(query);
}

async function get(url: string, params: Record<string, string>, key?: string): Promise<Body> {
  const response = await fetch(`${url}?${new URLSearchParams(params)}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
  return (await response.json()) as Body;
}

function compare(query: string, prom: Body, ours: Body): { verdict: QueryOutcome['verdict']; detail?: string } {
  if (ours.status === 'error' && /unsupported PromQL feature/.test(ours.error ?? '')) return { verdict: 'unsupported', detail: ours.error };
  if (prom.status === 'error' || ours.status === 'error') {
    if (prom.status === ours.status && prom.errorType === ours.errorType) return { verdict: 'identical' };
    return { verdict: 'different', detail: `prometheus: ${prom.status} ${prom.error ?? ''} / vigil: ${ours.status} ${ours.error ?? ''}` };
  }
  const p = prom.data!;
  const o = ours.data!;
  if (p.resultType !== o.resultType) return { verdict: 'different', detail: `result type ${p.resultType} vs ${o.resultType}` };
  if (p.resultType === 'scalar') {
    const [pt, pv] = p.result as [number, string];
    const [ot, ov] = o.result as [number, string];
    return Math.abs(pt - ot) < 1e-3 && sameValue(promValue(ov), promValue(pv)) ? { verdict: 'identical' } : { verdict: 'different', detail: `${pv}@${pt} vs ${ov}@${ot}` };
  }
  const ordered = /^sort(_desc)?\(/.test(query);
  const ps = p.result as Series[];
  const os = o.result as Series[];
  if (ps.length !== os.length) return { verdict: 'different', detail: `${ps.length} series vs ${os.length}` };
  const ourByKey = new Map(os.map((s, i) => [labelsKey(s.metric), { s, i }]));
  for (const [index, series] of ps.entries()) {
    const found = ourByKey.get(labelsKey(series.metric));
    if (!found) return { verdict: 'different', detail: `missing ${JSON.stringify(series.metric)}` };
    if (ordered && found.i !== index && !sameValue(promValue(series.value?.[1]), promValue(os[index].value?.[1]))) return { verdict: 'different', detail: `order differs at ${index}` };
    const pp = series.values ?? (series.value ? [series.value] : []);
    const op = found.s.values ?? (found.s.value ? [found.s.value] : []);
    if (pp.length !== op.length) return { verdict: 'different', detail: `${JSON.stringify(series.metric)}: ${pp.length} points vs ${op.length}` };
    for (let i = 0; i < pp.length; i++) {
      if (Math.abs(pp[i][0] - op[i][0]) > 1e-3 || !sameValue(promValue(op[i][1]), promValue(pp[i][1]))) {
        return { verdict: 'different', detail: `${JSON.stringify(series.metric)}: ${pp[i][1]}@${pp[i][0]} vs ${op[i][1]}@${op[i][0]}` };
      }
    }
  }
  return { verdict: 'identical' };
}
