import { z } from 'zod';

/** `services.dashboard-api` in the config file. */
export const dashboardApiConfigSchema = z
  .object({
    /** Largest page any list route returns; a bigger `limit` is clamped to it. */
    maxPageSize: z.number().int().min(1).max(10_000).default(1_000),
    /** Widget queries one dashboard resolve runs at once (the store has few cores). */
    dashboardConcurrency: z.number().int().min(1).max(32).default(4),
    /** Queries slower than this are cancelled by ClickHouse (max_execution_time). */
    queryTimeoutMillis: z.number().int().min(100).default(10_000),
    /** Largest number of points a range query may return (series × steps). */
    maxPointsPerQuery: z.number().int().min(1_000).default(2_000_000),
    /** WebSocket heartbeat (ping) interval; a client silent for two intervals is dropped. */
    wsHeartbeatMillis: z.number().int().min(1_000).default(15_000),
    /** Events kept per tenant for WebSocket resume after a reconnect. */
    wsReplayEvents: z.number().int().min(0).default(1_000),
    /** Outbound bytes buffered for one client before its series updates are coalesced. */
    wsSlowClientBytes: z.number().int().min(1_024).default(1 << 20),
    /** This replica's identity: its WebSocket consumer group is `dashboard-api.<replicaId>`. */
    replicaId: z.string().regex(/^[A-Za-z0-9_.-]+$/).default('local'),
    /** Prices for the LLM usage report's cost, per model (gen_ai.request.model), USD per million tokens. */
    llmPricesUsdPerMillionTokens: z.record(z.string(), z.object({ input: z.number().min(0), output: z.number().min(0) }).strict()).default({}),
    /** Create the built-in dashboards for every configured tenant on first start. */
    builtinDashboards: z.boolean().default(true),
  })
  .strict();

export type DashboardApiConfig = z.infer<typeof dashboardApiConfigSchema>;
