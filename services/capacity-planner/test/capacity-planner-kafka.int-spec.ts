import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { loadConfig, type VigilConfig } from '@vigil/config';
import { createServiceApp, startServices, type ManualClock, type RunningVigil } from '@vigil/runtime';
import { engineSuite, freePort } from '@vigil/testing';
import { capacityPlannerService } from '../src';
import { quiet } from './capacity-scenario';
import { capacityScenario } from './capacity-scenario.suite';

// capacity-planner in distributed mode: real Kafka (the consumer group and its rebalances) and
// Redis (the per-series claims and last actions), chDB as the store (DESIGN.md "Real components
// in tests": no modern ClickHouse server runs here; the same Store code serves both). History is
// written to the store directly: ingest's writer group on a shared broker may belong to another
// process. The second replica is a second member of the `capacity-planner` group in this process.

engineSuite('capacity-planner (distributed: Kafka, Redis, chDB)', ['kafka', 'redis'], ({ kafka, redis }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-capacity-kafka-'));
  const tenant = `kafka-${process.pid}-${Date.now() % 100_000}`;
  let config: Readonly<VigilConfig>;
  let vigil: RunningVigil | undefined;

  afterAll(async () => {
    // The Redis keys of this run (a unique prefix) go with it.
    for (const entry of (await vigil?.runtime.state.scan('capacity-planner/')) ?? []) await vigil?.runtime.state.delete(entry.key);
    await vigil?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  capacityScenario({
    tenant,
    async start(clock: ManualClock) {
      if (!config) {
        const ops = await freePort();
        config = loadConfig({
          overrides: {
            dataDir,
            listen: { ops: { port: ops } },
            bus: { kind: 'kafka', brokers: [kafka] },
            state: { kind: 'redis', url: redis, keyPrefix: `vigil-capacity-${tenant}:` },
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
});
