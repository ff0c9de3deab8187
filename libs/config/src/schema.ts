import { z } from 'zod';

/**
 * The whole configuration of a Vigil process. Parsed once at boot (loadConfig), frozen, and
 * handed to every service; `process.env` is read nowhere else (STYLE.md §3).
 *
 * Service-specific sections live under `services.<name>` and are parsed by the owning service
 * with its own schema (see parseSection), so this file does not grow with every feature.
 */
const port = z.number().int().min(0).max(65535);
const host = z.string().min(1);

export const busSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('memory'),
      /** Partitions per topic, as Kafka's num.partitions; decides how many owners a topic can have. */
      partitions: z.number().int().min(1).max(1024).default(12),
    })
    .strict(),
  z
    .object({
      kind: z.literal('kafka'),
      brokers: z.array(z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port')).min(1),
      clientId: z.string().min(1).default('vigil'),
      partitions: z.number().int().min(1).max(1024).default(12),
      /** Consumer tuning of every group member of this process; omitted fields keep the bus defaults. */
      consumer: z
        .object({
          /**
           * Partitions whose batches one member handles at once (default 4). A latency-bound
           * group (anomaly-detector) wants one per partition it may own: kafkajs fetches again
           * only after every batch of the last fetch is done (decision 161).
           */
          partitionsConsumedConcurrently: z.number().int().min(1).max(1024),
          /** Longest broker-side wait for data on a fetch, ms (default 500). */
          maxWaitMillis: z.number().int().min(0).max(60_000),
        })
        .partial()
        .strict()
        .optional(),
    })
    .strict(),
]);

export const storeSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('chdb'),
      /** On-disk folder of the embedded ClickHouse; one process owns it. Default: <dataDir>/clickhouse. */
      path: z.string().min(1).optional(),
    })
    .strict(),
  z
    .object({
      kind: z.literal('clickhouse'),
      url: z.string().url(),
      username: z.string().default('default'),
      password: z.string().default(''),
      database: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a plain identifier').default('vigil'),
    })
    .strict(),
]);

export const stateSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('memory'),
      /** Snapshot interval to <dataDir>/state; 0 disables periodic snapshots (one is still taken at shutdown). */
      snapshotIntervalMillis: z.number().int().min(0).default(10_000),
    })
    .strict(),
  z
    .object({
      kind: z.literal('redis'),
      url: z.string().regex(/^rediss?:\/\//, 'expected redis://host:port'),
      keyPrefix: z.string().default('vigil:'),
    })
    .strict(),
]);

export const apiKeySchema = z
  .object({
    /** The secret itself. Never logged (see libs/observability redaction). */
    key: z.string().min(16, 'API keys must be at least 16 characters'),
    tenant: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lowercase letters, digits, - and _'),
    role: z.enum(['viewer', 'editor', 'admin']).default('viewer'),
    name: z.string().optional(),
  })
  .strict();

export const listenSchema = z.object({ host: host.default('127.0.0.1'), port }).strict();

export const SERVICE_NAMES = [
  'ingest',
  'anomaly-detector',
  'capacity-planner',
  'slo-monitor',
  'alert-correlator',
  'insight-engine',
  'dashboard-api',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const configSchema = z
  .object({
    /** Where embedded data lives: chDB files, state snapshots. */
    dataDir: z.string().min(1).default('./data'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    bus: busSchema.default({ kind: 'memory' }),
    store: storeSchema.default({ kind: 'chdb' }),
    state: stateSchema.default({ kind: 'memory' }),
    auth: z
      .object({
        apiKeys: z.array(apiKeySchema).default([]),
        /**
         * Requests from 127.0.0.1/::1 without a key act as this tenant (viewer+editor), for a
         * first run on a laptop. Off unless set; never enable it on a shared host.
         */
        anonymousLoopbackTenant: z.string().optional(),
      })
      .strict()
      .default({}),
    listen: z
      .object({
        ingest: listenSchema.default({ port: 4318 }),
        dashboardApi: listenSchema.default({ port: 8080 }),
        alertmanagerApi: listenSchema.default({ port: 9093 }),
        /** Per-process /health and /metrics in distributed mode for services with no API of their own. */
        ops: listenSchema.default({ port: 9464 }),
      })
      .strict()
      .default({}),
    tracing: z
      .object({
        /** OTLP/HTTP traces endpoint for Vigil's own spans, e.g. http://127.0.0.1:4318/v1/traces. Off when unset. */
        otlpEndpoint: z.string().url().optional(),
        sampleRatio: z.number().min(0).max(1).default(1),
      })
      .strict()
      .default({}),
    /**
     * The simulated fleet (libs/fleet) that `vigil start` runs on an empty data folder so a first
     * run shows Vigil at work; `false` (or `vigil start --no-demo`) never starts it.
     */
    demo: z.object({ enabled: z.boolean().default(true) }).strict().default({}),
    /** Sections owned by each service, parsed by the service itself (parseSection). */
    services: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export type VigilConfig = z.infer<typeof configSchema>;
export type BusConfig = z.infer<typeof busSchema>;
export type StoreConfig = z.infer<typeof storeSchema>;
export type StateConfig = z.infer<typeof stateSchema>;
export type ApiKey = z.infer<typeof apiKeySchema>;
