/**
 * One anomaly-detector replica as its own process, for the scale-out test: config overrides as
 * JSON in argv[2]; prints "ready" once it joined its group; SIGTERM stops it cleanly, SIGKILL
 * is the crash the test is about.
 */
import { loadConfig } from '@vigil/config';
import { createLogger } from '@vigil/observability';
import { startServices } from '@vigil/runtime';
import { anomalyDetectorService } from '../src';

async function main(): Promise<void> {
  const config = loadConfig({ overrides: JSON.parse(process.argv[2]) as Record<string, unknown> });
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const vigil = await startServices({ config, services: [anomalyDetectorService], logger });
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void vigil.stop().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`detector member failed: ${String(error)}\n`);
  process.exit(1);
});
