import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { loadConfig, type VigilConfig } from '@vigil/config';
import type { ManualClock} from '@vigil/runtime';
import { createServiceApp, startServices, type RunningVigil } from '@vigil/runtime';
import { freePort } from '@vigil/testing';
import { capacityPlannerService } from '../src';
import { capacityScenario } from './capacity-scenario.suite';
import { quiet } from './capacity-scenario';

// capacity-planner in embedded mode: MemoryBus, chDB, memory state snapshotted to a temp folder,
// history written to the store (the rollup views fill as for ingest's writer), and a simulated
// clock driving the schedule.
// The second replica is a second consumer-group member (its own Nest app) on the same runtime.

describe('capacity-planner (embedded: MemoryBus, chDB, memory state)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-capacity-'));
  let config: Readonly<VigilConfig>;
  let vigil: RunningVigil | undefined;

  afterAll(async () => {
    await vigil?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  capacityScenario({
    tenant: 'embedded',
    async start(clock: ManualClock) {
      if (!config) {
        const ops = await freePort();
        config = loadConfig({
          overrides: {
            dataDir,
            listen: { ops: { port: ops } },
            state: { kind: 'memory', snapshotIntervalMillis: 0 },
            services: { 'capacity-planner': { pollIntervalMillis: 100 } },
          },
        });
      }
      vigil = await startServices({ config, services: [capacityPlannerService], logger: quiet(), clock });
      return vigil;
    },
    async stop() {
      await vigil?.stop();
      vigil = undefined;
    },
    async addReplica(running: RunningVigil): Promise<() => Promise<void>> {
      const app: INestApplication = await createServiceApp(capacityPlannerService, running.runtime, undefined);
      return () => app.close();
    },
  });

  it('refuses to start with a bad capacity config, naming the key', async () => {
    await vigil?.stop();
    vigil = undefined;
    const bad = loadConfig({
      overrides: {
        ...config,
        services: { 'capacity-planner': { resources: [{ name: 'disk', kind: 'filesystem', selector: '{mountpoint=~"("}', thresholds: { critical: 1.5 } }] } },
      },
    });
    const failed = startServices({ config: bad, services: [capacityPlannerService], logger: quiet() });
    await expect(failed).rejects.toThrow(/services\.capacity-planner\.resources\.0\.thresholds\.critical: must be at most 1/);
  }, 60_000);
});
