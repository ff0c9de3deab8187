import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@vigil/config';
import { startServices, type RunningVigil } from '@vigil/runtime';
import { freePort } from '@vigil/testing';
import { insightEngineService } from '../src';
import { quiet } from './rca-scenario';
import { insightEngineScenario } from './insight-engine.suite';

// insight-engine embedded: real MemoryBus, chDB and memory state, driven by a ManualClock.
describe('insight-engine (embedded)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-insight-'));
  let vigil: RunningVigil | undefined;

  afterAll(async () => {
    await vigil?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  insightEngineScenario({
    tenant: 'embedded',
    async start(clock) {
      const config = loadConfig({
        overrides: {
          dataDir,
          listen: { ops: { port: await freePort() } },
          services: { 'insight-engine': { runbooksDir: join(__dirname, '../../../deploy/runbooks'), replicaId: 'test', pollIntervalMillis: 200 } },
        },
      });
      vigil = await startServices({ config, services: [insightEngineService], logger: quiet(), clock });
      return vigil;
    },
  });
});
