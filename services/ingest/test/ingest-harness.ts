import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadConfig } from '@vigil/config';
import { OpsController, createLogger } from '@vigil/observability';
import { RuntimeModule, createRuntime, type Runtime } from '@vigil/runtime';
import { freePort } from '@vigil/testing';
import { IngestModule } from '../src/ingest.module';

export const API_KEY = 'test-key-0123456789abcdef';
export const TENANT = 'acme';

export interface RunningIngest {
  readonly url: string;
  readonly runtime: Runtime;
  stop(): Promise<void>;
}

/**
 * Ingest as the runner starts it: a Nest app on Fastify over a real runtime (MemoryBus and
 * chDB in a temp folder unless `overrides` say otherwise), listening on a free local port.
 */
export async function startIngest(overrides: Record<string, unknown> = {}): Promise<RunningIngest> {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-ingest-'));
  const port = await freePort();
  const config = loadConfig({
    overrides: {
      dataDir,
      logLevel: 'silent',
      auth: { apiKeys: [{ key: API_KEY, tenant: TENANT, role: 'editor' }] },
      listen: { ingest: { host: '127.0.0.1', port } },
      ...overrides,
    },
  });
  const logger = createLogger({ level: 'silent' });
  const runtime = await createRuntime({ config, logger, processName: 'ingest' });
  @Module({ imports: [RuntimeModule.forService(runtime, 'ingest'), IngestModule], controllers: [OpsController] })
  class IngestTestRoot {}
  const app = await NestFactory.create<NestFastifyApplication>(IngestTestRoot, new FastifyAdapter({ bodyLimit: 64 * 1024 * 1024 }), { logger: false });
  await app.listen(port, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${port}`,
    runtime,
    async stop() {
      await app.close();
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
