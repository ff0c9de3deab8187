import { z } from 'zod';

/**
 * Ingest's own settings: config `services.ingest` (parsed with parseSection, so a bad key is
 * named). Defaults suit a laptop; every limit is per tenant unless it says otherwise.
 */
const price = z.object({ inputUsdPerMillionTokens: z.number().nonnegative(), outputUsdPerMillionTokens: z.number().nonnegative() }).strict();

export const ingestConfigSchema = z
  .object({
    /** Largest request body, bytes, before and after gzip (413 above). */
    maxBodyBytes: z.number().int().positive().default(16 * 1024 * 1024),
    labels: z
      .object({
        maxLabels: z.number().int().positive().default(64),
        maxLabelNameLength: z.number().int().positive().default(256),
        maxLabelValueLength: z.number().int().positive().default(2048),
      })
      .strict()
      .default({}),
    time: z
      .object({
        /** Points older than this are refused and counted (default 7 days, the hot retention). */
        maxPastMillis: z.number().int().positive().default(7 * 24 * 3_600_000),
        /** Points further ahead than this are refused and counted (default 10 minutes of clock skew). */
        maxFutureMillis: z.number().int().positive().default(10 * 60_000),
      })
      .strict()
      .default({}),
    tenants: z
      .object({
        /** Points (spans, records) per second per tenant, sustained. */
        pointsPerSecond: z.number().positive().default(1_000_000),
        /** Burst above the sustained rate, in points. */
        burstPoints: z.number().positive().default(2_000_000),
        /** Distinct series a tenant may have per ingest process (new series above it are refused). */
        maxSeries: z.number().int().positive().default(1_000_000),
      })
      .strict()
      .default({}),
    publish: z
      .object({
        maxPointsPerMessage: z.number().int().positive().default(1000),
        maxRecordsPerMessage: z.number().int().positive().default(500),
        maxInFlightPoints: z.number().int().positive().default(2_000_000),
        retryAfterSeconds: z.number().int().positive().default(1),
      })
      .strict()
      .default({}),
    writer: z
      .object({
        /**
         * Bus messages (≤ publish.maxPointsPerMessage points each) per insert. ClickHouse wants
         * few, large inserts, but building a huge insert blocks the event loop the HTTP side
         * shares in embedded mode: ~100k rows per insert balances the two.
         */
        maxMessagesPerBatch: z.number().int().positive().default(100),
        /**
         * Inserts in flight at once, over all partitions. chDB runs each insert on a libuv pool
         * thread (4 by default); more than one starves the bus journal's fsyncs and ingest's
         * gzip of those threads, which showed as seconds of request latency.
         */
        maxConcurrentInserts: z.number().int().positive().default(1),
        /** How long to keep polling the store while it is down, between tries. */
        storeRetryMillis: z.number().int().positive().default(1_000),
      })
      .strict()
      .default({}),
    /** Prices per model for `vigil.gen_ai.cost` (model name as in gen_ai.request/response.model). */
    genAiPrices: z.record(z.string(), price).default({}),
    /** Remembered spans for service edges whose parent and child arrive in different requests. */
    edgeCacheSpans: z.number().int().positive().default(100_000),
  })
  .strict();

export type IngestConfig = z.infer<typeof ingestConfigSchema>;
