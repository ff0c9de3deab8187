import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig } from '@vigil/config';
import { createLogger } from '@vigil/observability';
import { startServices, type RunningVigil } from '@vigil/runtime';
import { engineSuite, freePort } from '@vigil/testing';
import { dashboardApiService } from '../src';

// Schemathesis (PyPI) fuzzes every operation of the served OpenAPI document: no answer may be a
// 5xx and every answer must match its documented schema. Installed by tools/engines/install.sh
// into .engines/schemathesis; under CI=true a missing install fails, elsewhere the suite says how
// to install it (engineSuite).
const KEY = 'schemathesis-admin-key-01';
const quiet = () => createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

function run(binary: string, args: string[], timeoutMillis: number): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(binary, args, { env: { ...process.env, SCHEMATHESIS_HOOKS: '' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMillis);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

engineSuite('dashboard-api fuzzed by schemathesis', ['schemathesis'], ({ schemathesis: binary }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-fuzz-'));
  let vigil: RunningVigil;
  let base: string;

  beforeAll(async () => {
    const [port, ops] = await Promise.all([freePort(), freePort()]);
    const config = loadConfig({
      overrides: { dataDir, listen: { dashboardApi: { port }, ops: { port: ops } }, auth: { apiKeys: [{ key: KEY, tenant: 'fuzz', role: 'admin' }] } },
    });
    vigil = await startServices({ config, services: [dashboardApiService], logger: quiet() });
    base = `http://127.0.0.1:${port}`;
  }, 60_000);

  afterAll(async () => {
    await vigil?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every generated request without a 5xx and as documented', async () => {
    const { code, output } = await run(
      binary,
      [
        'run', `${base}/openapi.json`, '--url', base,
        '--header', `Authorization: Bearer ${KEY}`,
        '--checks', 'not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance',
        '--max-examples', '15', '--phases', 'examples,fuzzing', '--workers', '2', '--max-response-time', '10',
        '--exclude-method', 'DELETE', '--no-color',
      ],
      100_000,
    );
    expect({ code, tail: code === 0 ? '' : output.slice(-4_000) }).toEqual({ code: 0, tail: '' });
  }, 120_000);
});
