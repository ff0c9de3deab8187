/**
 * Debian's real `prometheus-alertmanager` 0.25 on 127.0.0.1 (gossip off), one per scenario,
 * driven through its API v2 by api-driver.ts. Every process started here is stopped, and its
 * folder removed, before the scenario returns.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NotificationTuple, Scenario } from '@vigil/correlate';
import { freePort, runThroughApi, waitReady, type LaunchedServer } from './api-driver';

export const ALERTMANAGER_BINARY = 'prometheus-alertmanager';

export async function launchAlertmanager(configYaml: string): Promise<LaunchedServer> {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-am-'));
  const port = await freePort();
  const configPath = join(dir, 'alertmanager.yml');
  writeFileSync(configPath, configYaml);
  const am = spawn(
    ALERTMANAGER_BINARY,
    [`--config.file=${configPath}`, `--storage.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--cluster.listen-address=', '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  am.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const server: LaunchedServer = {
    base: `http://127.0.0.1:${port}`,
    output: () => stderr,
    async stop() {
      am.kill('SIGTERM');
      await new Promise<void>((resolve) => (am.exitCode !== null ? resolve() : am.once('exit', () => resolve())));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await waitReady(server.base, 15_000);
  } catch (error) {
    await server.stop();
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return server;
}

export function runOnRealAlertmanager(scenario: Scenario): Promise<NotificationTuple[]> {
  return runThroughApi(scenario, launchAlertmanager);
}
