/** Insights: what Vigil tells people, with evidence and a recommendation. Plain data. */

export type InsightType = 'PERFORMANCE' | 'ANOMALY' | 'CAPACITY' | 'OPTIMIZATION' | 'RISK' | 'COST';

/** P1 = act now … P4 = worth knowing. */
export type InsightPriority = 'P1' | 'P2' | 'P3' | 'P4';

export type InsightStatus = 'open' | 'acknowledged' | 'dismissed' | 'expired';

/** A pointer the UI can open: a series, a trace, a log template, an incident, ... */
export interface EvidenceLink {
  kind: 'series' | 'trace' | 'log_template' | 'incident' | 'anomaly' | 'forecast' | 'slo' | 'knowledge';
  /** Identifier in its own namespace (series fingerprint, trace id, template text, incident id). */
  ref: string;
  /** Short human label, e.g. `payments latency:p99 +340% (41σ)`. */
  label: string;
}

export interface Insight {
  /** Deterministic: the same subject always gets the same id, so replays update, never duplicate. */
  id: string;
  type: InsightType;
  /** What the insight is about, the deduplication key (e.g. `incident:inc-42`, `series:ab12…`). */
  subject: string;
  service: string | null;
  title: string;
  summary: string;
  evidence: EvidenceLink[];
  /** How sure Vigil is, 0–1. */
  confidence: number;
  /** How much it matters if true, 0–1. */
  impact: number;
  priority: InsightPriority;
  recommendation: string;
  status: InsightStatus;
  firstSeenMillis: number;
  lastSeenMillis: number;
  expiresAtMillis: number;
  /** Times the same subject was reported. */
  occurrences: number;
}

/** How long an insight stays relevant without being reported again. */
export const INSIGHT_TTL_MILLIS: Readonly<Record<InsightType, number>> = Object.freeze({
  ANOMALY: 6 * 3_600_000,
  PERFORMANCE: 24 * 3_600_000,
  RISK: 24 * 3_600_000,
  COST: 24 * 3_600_000,
  CAPACITY: 7 * 24 * 3_600_000,
  OPTIMIZATION: 7 * 24 * 3_600_000,
});
