/** Launches Vigil's alert-correlator (vigil-server.ts) as a child process for one scenario. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitReady, type LaunchedServer } from './api-driver';

export async function launchVigil(configYaml: string): Promise<LaunchedServer> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-bench-ac-'));
  const port = await freePort();
  const configPath = join(dir, 'alertmanager.yml');
  writeFileSync(configPath, configYaml);
  const child = spawn(process.execPath, ['-r', 'reflect-metadata', '-r', '@swc-node/register', join(__dirname, 'vigil-server.ts'), configPath, String(port), join(dir, 'data')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const server: LaunchedServer = {
    base: `http://127.0.0.1:${port}`,
    output: () => stderr,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitReady(server.base, 60_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return server;
}
