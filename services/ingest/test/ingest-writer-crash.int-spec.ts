import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineSuite, freePort } from '@vigil/testing';
import { gauge, kv, metricsRequest } from '../src/testing/otlp-builders';
import { API_KEY } from './ingest-harness';

const FIXTURE = join(__dirname, 'fixtures', 'ingest-process.ts');

function startProcess(args: string[]) {
  const child = spawn(process.execPath, ['-r', 'reflect-metadata', '-r', '@swc-node/register', FIXTURE, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const line = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(out);
        if (match) resolve(match[0]);
      };
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        check();
      });
      child.once('exit', (code) => reject(new Error(`ingest process exited with ${code} before printing ${pattern}`)));
    });
  return { child, line };
}

/**
 * The writer is killed (SIGKILL) while it is storing what ingest accepted; a new process on the
 * same store and consumer group takes over. Every point answered 2xx is stored exactly once.
 */
engineSuite('ingest writer killed mid-batch (real Kafka, chDB)', ['kafka'], (engines) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-ingest-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('stores every accepted point exactly once after a kill and restart', async () => {
    const metric = `crash.e2e.${process.pid}.${Date.now()}`;
    const port = await freePort();
    const first = startProcess([dataDir, String(port), engines.kafka]);
    await first.line(/ready/);
    let accepted = 0;
    for (let request = 0; request < 20; request++) {
      const points = Array.from({ length: 500 }, (_, i) => ({ timeMillis: Date.now() - 60_000 + request * 500 + i, value: i, attributes: [kv('shard', String(i % 50))] }));
      const response = await fetch(`http://127.0.0.1:${port}/v1/metrics`, {
        method: 'POST',
        body: Buffer.from(metricsRequest('crash', [gauge(metric, points)])),
        headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${API_KEY}` },
      });
      if (response.status === 200) accepted += points.length;
    }
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(accepted).toBe(10_000);
    const second = startProcess([dataDir, String(await freePort()), engines.kafka, metric, String(accepted)]);
    const result = await second.line(/count \d+/);
    expect(Number(result.split(' ')[1])).toBe(accepted);
  }, 150_000);
});
