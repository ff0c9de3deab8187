import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@vigil/config';
import { startServices, type RunningVigil } from '@vigil/runtime';
import { engineSuite, freePort } from '@vigil/testing';
import { insightEngineService } from '../src';
import { quiet } from './rca-scenario';
import { insightEngineScenario } from './insight-engine.suite';

// insight-engine distributed: real Kafka (its consumer group over five topics), chDB as the store
// (no modern ClickHouse server runs here; the same Store code serves both), memory state. A
// tenant unique to this run keeps other suites' messages on the shared broker out of the checks.
engineSuite('insight-engine (Kafka, chDB)', ['kafka'], ({ kafka }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-insight-kafka-'));
  let vigil: RunningVigil | undefined;

  afterAll(async () => {
    await vigil?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  insightEngineScenario({
    tenant: `kafka-${process.pid}-${Date.now() % 100_000}`,
    async start(clock) {
      const config = loadConfig({
        overrides: {
          dataDir,
          listen: { ops: { port: await freePort() } },
          bus: { kind: 'kafka', brokers: [kafka] },
          store: { kind: 'chdb' },
          services: { 'insight-engine': { runbooksDir: join(__dirname, '../../../deploy/runbooks'), replicaId: 'test', pollIntervalMillis: 200 } },
        },
      });
      vigil = await startServices({ config, services: [insightEngineService], logger: quiet(), clock });
      return vigil;
    },
  });
});
