import { hostname } from 'node:os';
import { z } from 'zod';

/** `services.insight-engine` in the config file. */
export const insightEngineConfigSchema = z
  .object({
    /** Folder of markdown runbooks (optional YAML front matter: title, services, alerts, log_templates). */
    runbooksDir: z.string().min(1).default('./deploy/runbooks'),
    /** How far before an incident opened its window starts: the root cause usually moved first. */
    lookbackMillis: z.number().int().min(60_000).max(6 * 3_600_000).default(30 * 60_000),
    /** Length of the normal period read before the window, the ranker's baseline. */
    baselineMillis: z.number().int().min(0).max(24 * 3_600_000).default(60 * 60_000),
    /** Metric bucket of the window (one point per series per bucket). */
    metricStepMillis: z.number().int().min(1_000).max(600_000).default(60_000),
    /** At most this many spans of the window (and as many of the baseline) are read; whole traces are sampled beyond. Ranking is synchronous (~1 s per 50k spans here), so this also bounds how long it holds the event loop. */
    maxSpans: z.number().int().min(100).max(500_000).default(20_000),
    /** At most this many log records of the window (and as many of the baseline). */
    maxLogs: z.number().int().min(100).max(200_000).default(20_000),
    /** Services this many call-graph hops from the incident's services join the analysis. */
    neighbourHops: z.number().int().min(0).max(5).default(2),
    /** How often the leader sweeps for capacity, budget and cost risks and expires stale insights. */
    sweepIntervalMillis: z.number().int().min(1_000).default(5 * 60_000),
    /** How often the clock is looked at for a due sweep (a ManualClock moves time in tests). */
    pollIntervalMillis: z.number().int().min(50).max(60_000).default(1_000),
    /** How far back a sweep reads forecasts, SLO status and LLM usage. */
    sweepLookbackMillis: z.number().int().min(60_000).default(6 * 3_600_000),
    /** Bucket of LLM usage for cost-spike detection. */
    costBucketMillis: z.number().int().min(60_000).default(5 * 60_000),
    /** Resolved incidents read back into the knowledge base at start. */
    knowledgeHistoryMillis: z.number().int().min(0).default(90 * 86_400_000),
    /** This replica's identity for the sweep lease. */
    replicaId: z.string().regex(/^[A-Za-z0-9_.#-]+$/).default(hostname()),
  })
  .strict();

export type InsightEngineConfig = z.infer<typeof insightEngineConfigSchema>;
