import { z } from 'zod';

const severity = z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);

const policySchema = z
  .object({
    /** `alertname` of the alerts this policy raises. */
    name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a Prometheus-style alert name'),
    /** Metric names covered: exact names or prefixes ending in `*`; `*` covers every metric. */
    metrics: z.array(z.string().min(1)).min(1).default(['*']),
    /** Series labels that must match exactly. */
    labels: z.record(z.string(), z.string()).default({}),
    /** Least anomaly severity that opens an alert episode. */
    minSeverity: severity.default('MEDIUM'),
    /** How long (series time) the anomalous condition must hold before the alert fires. */
    forMillis: z.number().int().min(0).default(0),
    /** Quiet period (series time) after which a firing alert resolves. */
    resolveAfterMillis: z.number().int().min(1).default(10 * 60_000),
  })
  .strict();

/** The policy used when none is configured: every metric, MEDIUM or worse, at once, 10 min quiet. */
export const DEFAULT_POLICY = policySchema.parse({ name: 'VigilAnomaly' });

/** `services.anomaly-detector` in the config file. */
export const anomalyDetectorConfigSchema = z
  .object({
    /**
     * Consumer group of every replica (they split the metrics partitions between them). Only
     * changed to run an isolated group beside another deployment on the same Kafka (tests).
     */
    consumerGroup: z.string().regex(/^[A-Za-z0-9_.-]+$/).default('anomaly-detector'),
    /**
     * Overrides of the detector configuration shared by every series (see @vigil/detect
     * DetectConfig); tuned once on the benchmark corpus, so normally left empty.
     */
    detect: z
      .object({
        sensitivity: z.number().min(0.1).max(10),
        warmupPoints: z.number().int().min(10),
        alarmScore: z.number().gt(0).lt(1),
        holdOffPoints: z.number().int().min(0),
        minPointsBetweenAlarms: z.number().int().min(0),
        baselineHorizonPoints: z.number().int().min(20),
        calibrationHorizonPoints: z.number().int().min(50),
        mlTier: z.boolean(),
      })
      .partial()
      .strict()
      .default({}),
    /** Per-metric sensitivity: exact metric names or prefixes ending in `*` (longest wins). */
    sensitivityByMetric: z.record(z.string(), z.number().min(0.1).max(10)).default({}),
    /**
     * Counters are scored as a per-second rate and histograms/summaries as a mean, one value per
     * interval (a raw counter only grows; decision 201). A counter silent for more than
     * `maxGapIntervals` intervals is taken to have stopped rather than to count zero.
     */
    signal: z
      .object({
        intervalMillis: z.number().int().min(1_000).default(60_000),
        maxGapIntervals: z.number().int().min(0).default(30),
      })
      .strict()
      .default({ intervalMillis: 60_000, maxGapIntervals: 30 }),
    /** Alert policies; every covering policy raises its own alert. */
    policies: z.array(policySchema).default([DEFAULT_POLICY]),
    /**
     * Every N batches of a partition, the changed series' snapshots are written and the
     * partition's point log is truncated (decision 130). Lower = faster takeover, more writes.
     */
    compactEveryBatches: z.number().int().min(1).default(50),
    /** ... or when the partition's log holds more points than this. */
    compactAfterLoggedPoints: z.number().int().min(1).default(200_000),
    /** How often a partition's owner looks for false-positive reports (decision 132). */
    inboxPollMillis: z.number().int().min(0).default(1_000),
  })
  .strict();

export type AnomalyDetectorConfig = z.infer<typeof anomalyDetectorConfigSchema>;
