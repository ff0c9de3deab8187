/**
 * Child process of the differential benchmark: Vigil's alert-correlator alone, embedded
 * (MemoryBus, chDB, memory state) on the wall clock, serving the Alertmanager API v2 on the
 * given port with keyless loopback access. Its own process because chDB holds one data
 * folder per process. Stops on SIGTERM.
 *
 *   node -r reflect-metadata -r @swc-node/register tools/bench/alertmanager/vigil-server.ts <config.yml> <port> <dataDir>
 */
import { alertCorrelatorService } from '@vigil/alert-correlator';
import { loadConfig } from '@vigil/config';
import { createLogger } from '@vigil/observability';
import { startServices } from '@vigil/runtime';

async function main(): Promise<void> {
  const [configFile, port, dataDir] = process.argv.slice(2);
  const config = loadConfig({
    overrides: {
      dataDir,
      logLevel: 'warn',
      listen: { alertmanagerApi: { port: Number(port) } },
      auth: { anonymousLoopbackTenant: 'default' },
      services: { 'alert-correlator': { configFile, replicaId: 'bench', reloadIntervalMillis: 0, maxIdleMillis: 50 } },
    },
  });
  // Registered before starting: the parent may stop us as soon as the API answers.
  let stopping: Promise<void> | undefined;
  const started: { vigil?: { stop(): Promise<void> } } = {};
  const stop = () => {
    setTimeout(() => process.exit(0), 10_000).unref(); // never outlive the benchmark
    stopping ??= (started.vigil?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  const vigil = await startServices({ config, services: [alertCorrelatorService], logger: createLogger({ level: 'warn', destination: process.stderr }) });
  // Warm the request and delivery paths (Node loads fetch's HTTP client and compiles lazily; a
  // Go binary has no such first-call cost) so the first scenario tick is not spent on it.
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 3; i++) {
    await fetch(`${base}/-/healthy`);
    await fetch(`${base}/api/v2/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' });
    await fetch(`${base}/api/v2/alerts`);
  }
  started.vigil = vigil;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
