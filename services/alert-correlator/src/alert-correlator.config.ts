import { hostname } from 'node:os';
import { z } from 'zod';

/** `services.alert-correlator` in the config file. */
export const alertCorrelatorConfigSchema = z
  .object({
    /** Alertmanager-compatible YAML (route, inhibit_rules, receivers); validated at start. */
    configFile: z.string().min(1).default('./deploy/alertmanager/alertmanager.yml'),
    /** Polls the file for changes (hot reload); 0 = only `POST /-/reload`. */
    reloadIntervalMillis: z.number().int().min(0).default(10_000),
    /**
     * This replica's identity: its consumer group (`alert-correlator.<replicaId>`) and
     * checkpoint keys. Every replica reads every alert; see docs/decisions/100-*.md.
     */
    replicaId: z.string().regex(/^[A-Za-z0-9_.-]+$/).default(hostname()),
    /** Longest sleep of the flush loop when no group is due (it also wakes on new alerts). */
    maxIdleMillis: z.number().int().min(10).max(60_000).default(1_000),
    /**
     * Group timers start at the API receive time of an alert, but at most this long before this
     * replica read it off the bus (a lagging replica waits the rest of group_wait for the alerts
     * that came with it).
     */
    maxAnchorLagMillis: z.number().int().min(0).default(500),
    /** Per-request limit of a notifier call (HTTP or SMTP). */
    notifyTimeoutMillis: z.number().int().min(100).default(10_000),
    /** Delivery retries: attempts and exponential back-off. */
    retry: z
      .object({
        maxAttempts: z.number().int().min(1).max(20).default(6),
        initialBackoffMillis: z.number().int().min(1).default(500),
        maxBackoffMillis: z.number().int().min(1).default(30_000),
        multiplier: z.number().min(1).default(2),
      })
      .strict()
      .default({}),
    /** URL notifications link back to (Alertmanager's --web.external-url). */
    externalUrl: z.string().url().default('http://127.0.0.1:9093'),
    /** How often the service graph is re-read from the store's service_edges. */
    serviceGraphRefreshMillis: z.number().int().min(1_000).default(5 * 60_000),
    /** How far back service edges count. */
    serviceGraphWindowMillis: z.number().int().min(60_000).default(24 * 3_600_000),
    /** Incident correlator tick (resolution of incidents going quiet). */
    incidentTickMillis: z.number().int().min(100).default(30_000),
  })
  .strict();

export type AlertCorrelatorConfig = z.infer<typeof alertCorrelatorConfigSchema>;
