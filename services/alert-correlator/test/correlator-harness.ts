/**
 * Starts the real alert-correlator runner (embedded: MemoryBus, chDB, memory state; or Kafka +
 * Redis when given) with an Alertmanager YAML written to a temp folder, on free ports.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '@vigil/config';
import { createLogger } from '@vigil/observability';
import type { ManualClock} from '@vigil/runtime';
import { startServices, type RunningVigil } from '@vigil/runtime';
import { freePort } from '@vigil/testing';
import { alertCorrelatorService } from '../src';

export const EDITOR_KEY_A = 'team-a-key-0123456789';
export const VIEWER_KEY_A = 'team-a-viewer-0123456789';
export const EDITOR_KEY_B = 'team-b-key-0123456789';

export const quietLogger = () => createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

export interface HarnessOptions {
  readonly yaml: string;
  readonly clock?: ManualClock;
  readonly replicaId?: string;
  readonly dataDir?: string;
  /** Distributed mode: `{ bus: {kind:'kafka',…}, state: {kind:'redis',…} }`. */
  readonly engines?: Record<string, unknown>;
  readonly correlator?: Record<string, unknown>;
  readonly anonymousLoopbackTenant?: string;
  /** Collects every log line (debug level) instead of discarding them. */
  readonly logLines?: string[];
}

export interface Harness {
  readonly vigil: RunningVigil;
  readonly url: string;
  readonly dir: string;
  readonly configFile: string;
  stop(options?: { keepDir?: boolean }): Promise<void>;
}

export async function startCorrelator(options: HarnessOptions): Promise<Harness> {
  const dir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'vigil-ac-'));
  const configFile = join(dir, 'alertmanager.yml');
  writeFileSync(configFile, options.yaml);
  const port = await freePort();
  const config = loadConfig({
    overrides: {
      dataDir: dir,
      listen: { alertmanagerApi: { port } },
      auth: {
        apiKeys: [
          { key: EDITOR_KEY_A, tenant: 'team-a', role: 'editor' },
          { key: VIEWER_KEY_A, tenant: 'team-a', role: 'viewer' },
          { key: EDITOR_KEY_B, tenant: 'team-b', role: 'editor' },
        ],
        ...(options.anonymousLoopbackTenant ? { anonymousLoopbackTenant: options.anonymousLoopbackTenant } : {}),
      },
      ...(options.engines ?? {}),
      services: {
        'alert-correlator': {
          configFile,
          replicaId: options.replicaId ?? 'test',
          reloadIntervalMillis: 0,
          maxIdleMillis: 20,
          retry: { maxAttempts: 3, initialBackoffMillis: 20, maxBackoffMillis: 100, multiplier: 2 },
          notifyTimeoutMillis: 2_000,
          ...(options.correlator ?? {}),
        },
      },
    },
  });
  const lines = options.logLines;
  const logger = lines
    ? createLogger({ level: 'debug', destination: new Writable({ write: (c: Buffer, _e, done) => (lines.push(c.toString('utf8')), done()) }) })
    : quietLogger();
  const vigil = await startServices({ config, services: [alertCorrelatorService], logger, clock: options.clock });
  return {
    vigil,
    url: `http://127.0.0.1:${port}`,
    dir,
    configFile,
    async stop({ keepDir = false } = {}) {
      await vigil.stop();
      if (!keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** fetch with the key as a bearer token; JSON in and out. */
export async function api(base: string, path: string, init: { method?: string; key?: string; body?: unknown; raw?: string } = {}) {
  const headers: Record<string, string> = {};
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (init.body !== undefined || init.raw !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method: init.method ?? 'GET', headers, body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, body };
}
