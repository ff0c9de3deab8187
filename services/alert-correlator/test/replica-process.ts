/**
 * One alert-correlator replica in its own process (its own chDB folder), for the replicas
 * test: `node -r reflect-metadata -r @swc-node/register replica-process.ts '<config overrides JSON>'`.
 * Prints "ready" on stdout once started; stops cleanly on SIGTERM.
 */
import { loadConfig } from '@vigil/config';
import { createLogger } from '@vigil/observability';
import { startServices } from '@vigil/runtime';
import { alertCorrelatorService } from '../src';

async function main(): Promise<void> {
  const overrides = JSON.parse(process.argv[2]) as Record<string, unknown>;
  const config = loadConfig({ overrides });
  const vigil = await startServices({ config, services: [alertCorrelatorService], logger: createLogger({ level: 'warn', destination: process.stderr }) });
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => void vigil.stop().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
