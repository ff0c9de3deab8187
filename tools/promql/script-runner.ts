import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '@vigil/config';
import { seriesFingerprintHex } from '@vigil/contracts';
import { dashboardApiService } from '@vigil/dashboard-api';
import { createLogger } from '@vigil/observability';
import { formatFloat, labelsKey, type Labels, parseTestScript, type TestCommand } from '@vigil/promql';
import { type RunningVigil, startServices } from '@vigil/runtime';
import { freePort } from '@vigil/testing';

const TENANT = 'promql-tests';
const KEY = 'promql-test-runner-key-0001';
// The scripts' times start at the epoch: keep those rows far from any TTL.
const RETENTION_DAYS = 30_000;

export interface ScriptOutcome {
  readonly file: string;
  readonly evaluations: number;
  readonly failures: readonly string[];
}

type PromSeries = { metric: Labels; value?: [number, string]; values?: [number, string][] };

/**
 * Runs Prometheus PromQL test scripts against Vigil: each `load` goes into the store
 * (metric_series + metric_samples, as ingest writes them), each `eval` is a request to
 * dashboard-api's /prometheus/api/v1 API, and the JSON answer is compared with the script.
 */
export class PromqlScriptRunner {
  private vigil?: RunningVigil;
  private dataDir = '';
  private api = '';
  private scriptId = 0;

  async start(): Promise<void> {
    this.dataDir = mkdtempSync(join(tmpdir(), 'vigil-promql-'));
    const [apiPort, ops] = await Promise.all([freePort(), freePort()]);
    const config = loadConfig({
      overrides: { dataDir: this.dataDir, listen: { dashboardApi: { port: apiPort }, ops: { port: ops } }, auth: { apiKeys: [{ key: KEY, tenant: TENANT, role: 'viewer' }] } },
    });
    const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
    this.vigil = await startServices({ config, services: [dashboardApiService], logger });
    this.api = `http://127.0.0.1:${apiPort}/prometheus/api/v1`;
  }

  async stop(): Promise<void> {
    await this.vigil?.stop();
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
  }

  async runFile(file: string): Promise<ScriptOutcome> {
    const script = parseTestScript(readFileSync(file, 'utf8'));
    const failures: string[] = [];
    let evaluations = 0;
    await this.clear();
    for (const command of script.commands) {
      if (command.kind === 'clear') await this.clear();
      else if (command.kind === 'load') await this.load(command);
      else {
        evaluations++;
        const problem = await this.check(command).catch((error: Error) => `request failed: ${error.message}`);
        if (problem) failures.push(`${file}:${command.line}: ${command.expr}\n    ${problem}`);
      }
    }
    return { file, evaluations, failures };
  }

  private async clear(): Promise<void> {
    // Each script (and each `clear`) writes under a fresh metric-name prefix-free tenant state:
    // deleting is a mutation in ClickHouse, so the tables are truncated instead.
    const store = this.vigil!.runtime.store;
    for (const table of ['metric_series', 'metric_samples']) await store.command(`TRUNCATE TABLE IF EXISTS ${table}`);
    this.scriptId++;
  }

  private async load(command: Extract<TestCommand, { kind: 'load' }>): Promise<void> {
    const seriesRows: Record<string, unknown>[] = [];
    const sampleRows: Record<string, unknown>[] = [];
    for (const series of command.series) {
      const { __name__: name = '', ...labels } = series.labels;
      const fingerprint = BigInt(`0x${seriesFingerprintHex(name, Object.entries(labels).sort().map(([labelName, value]) => ({ name: labelName, value })))}`).toString();
      seriesRows.push({ tenant: TENANT, fingerprint, metric_name: name, labels, metric_type: 'gauge', monotonic: false, temporality: 'unspecified', unit: '', description: '', last_seen: '2030-01-01 00:00:00.000', retention_days: 3_650 });
      series.values.forEach((value, i) => {
        if (value === 'gap') return;
        const timeMillis = i * command.intervalMillis;
        sampleRows.push({ tenant: TENANT, metric_name: name, fingerprint, time: timeMillis, value: value === 'stale' ? 'stale' : value, retention_days: RETENTION_DAYS });
      });
    }
    const store = this.vigil!.runtime.store;
    await store.insert('metric_series', seriesRows, { mode: 'bulk' });
    const stale = sampleRows.filter((row) => row.value === 'stale');
    const plain = sampleRows.filter((row) => row.value !== 'stale').map((row) => ({ ...row, value: numberForJson(row.value as number) }));
    if (plain.length > 0) await store.insert('metric_samples', plain, { mode: 'bulk' });
    for (const row of stale) {
      // Prometheus's stale marker is a NaN with a specific bit pattern; JSON cannot carry it.
      await store.command(
        `INSERT INTO metric_samples (tenant, metric_name, fingerprint, time, value, retention_days)
         SELECT {tenant:String}, {name:String}, {fp:UInt64}, fromUnixTimestamp64Milli({t:Int64}), reinterpretAsFloat64(toUInt64(9218868437227405314)), {r:UInt16}`,
        { tenant: TENANT, name: String(row.metric_name), fp: String(row.fingerprint), t: row.time as number, r: RETENTION_DAYS },
      );
    }
  }

  private async check(command: Extract<TestCommand, { kind: 'eval' }>): Promise<string | undefined> {
    const params = new URLSearchParams({ query: command.expr });
    let path = 'query';
    if (command.range) {
      path = 'query_range';
      params.set('start', String(command.range.startMillis / 1000));
      params.set('end', String(command.range.endMillis / 1000));
      params.set('step', String(command.range.stepMillis / 1000));
    } else params.set('time', String(command.atMillis / 1000));
    const response = await fetch(`${this.api}/${path}`, { method: 'POST', headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/x-www-form-urlencoded' }, body: params.toString() });
    const body = (await response.json()) as { status: string; error?: string; data?: { resultType: string; result: unknown } };
    if (command.mode === 'eval_fail') {
      if (body.status !== 'error') return 'expected the query to fail, it succeeded';
      if (command.failMessage && !body.error?.includes(command.failMessage) && !new RegExp(command.failMessage).test(body.error ?? '')) return `error "${body.error}" does not match "${command.failMessage}"`;
      return undefined;
    }
    if (body.status !== 'success' || !body.data) return `failed: ${body.error}`;
    const { resultType, result } = body.data;
    if (command.scalar !== undefined) {
      if (resultType !== 'scalar') return `expected a scalar, got ${resultType}`;
      return sameValue(promValue((result as [number, string])[1]), command.scalar) ? undefined : `expected ${command.scalar}, got ${(result as [number, string])[1]}`;
    }
    const got = result as PromSeries[];
    const expected = command.samples;
    if (got.length !== expected.length) return `expected ${expected.length} series, got ${got.length}: ${JSON.stringify(got).slice(0, 400)}`;
    const byKey = new Map(got.map((series, index) => [labelsKey(series.metric), { series, index }]));
    for (const [index, sample] of expected.entries()) {
      const found = byKey.get(labelsKey(sample.labels));
      if (!found) return `missing series ${JSON.stringify(sample.labels)}; got ${JSON.stringify(got.map((s) => s.metric))}`;
      if (command.mode === 'eval_ordered' && found.index !== index) return `series ${JSON.stringify(sample.labels)} at position ${found.index}, expected ${index}`;
      if (command.range) {
        const points = found.series.values ?? [];
        const want = sample.values.map((v, i) => [command.range!.startMillis / 1000 + (i * command.range!.stepMillis) / 1000, v] as const).filter(([, v]) => v !== 'gap');
        if (points.length !== want.length) return `series ${JSON.stringify(sample.labels)}: expected ${want.length} points, got ${points.length}`;
        for (let i = 0; i < want.length; i++) {
          if (points[i][0] !== want[i][0] || !sameValue(promValue(points[i][1]), want[i][1] as number)) return `series ${JSON.stringify(sample.labels)}: expected ${want[i][1]}@${want[i][0]}, got ${points[i][1]}@${points[i][0]}`;
        }
      } else {
        const value = promValue(found.series.value?.[1]);
        if (!sameValue(value, sample.values[0] as number)) return `series ${JSON.stringify(sample.labels)}: expected ${formatFloat(sample.values[0] as number)}, got ${found.series.value?.[1]}`;
      }
    }
    return undefined;
  }
}

/** A sample value as Prometheus's JSON writes it ("+Inf", "-Inf", "NaN" or a number). */
export function promValue(text: string | undefined): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  return Number(text);
}

/** Equal within 1e-9 relative (and NaN equals NaN), the differential test's tolerance. */
export function sameValue(got: number, want: number): boolean {
  if (Number.isNaN(want)) return Number.isNaN(got);
  if (!Number.isFinite(want)) return got === want;
  return got === want || Math.abs(got - want) <= 1e-9 * Math.max(Math.abs(want), Math.abs(got));
}

function numberForJson(value: number): number | string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return value;
}

/** The `.test` files under each argument (a file or a folder), sorted. */
export function scriptFiles(paths: readonly string[]): string[] {
  return paths.flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path).filter((name) => name.endsWith('.test')).sort().map((name) => join(path, name))
      : [path],
  );
}
