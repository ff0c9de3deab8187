import { hostname } from 'node:os';
import { z } from 'zod';

/** `services.slo-monitor` in the config file. */
export const sloMonitorConfigSchema = z
  .object({
    /**
     * Folder of OpenSLO / native YAML. Files at its top level belong to tenant `default`;
     * files under `<tenant>/` belong to that tenant.
     */
    slosDir: z.string().min(1).default('./deploy/slo'),
    /** Evaluation tick; also the resolution of the windows. */
    evaluationIntervalMillis: z.number().int().min(1_000).max(300_000).default(60_000),
    /** How often the engine state is checkpointed to the state store. */
    checkpointIntervalMillis: z.number().int().min(1_000).default(60_000),
    /** How far back a start (with no checkpoint) reads the store to refill the windows. */
    backfillMillis: z.number().int().min(0).default(3 * 24 * 3_600_000),
    /** Polls the SLO folder for changes; 0 turns hot reload off. */
    reloadIntervalMillis: z.number().int().min(0).default(10_000),
    /**
     * This replica's stable identity (its consumer group and checkpoint key). Every replica sees
     * every metric (see docs/decisions/006-slo-monitor-replicas.md); one holds the lease and publishes.
     */
    replicaId: z.string().regex(/^[A-Za-z0-9_.-]+$/).default(hostname()),
  })
  .strict();

export type SloMonitorConfig = z.infer<typeof sloMonitorConfigSchema>;
