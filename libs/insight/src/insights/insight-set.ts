/**
 * Deduplication, merging and expiry of insights. Pure: the service loads the current insights,
 * calls these, and stores/publishes what changed.
 */
import { priorityOf } from './insight-identity';
import { INSIGHT_TTL_MILLIS, type EvidenceLink, type Insight } from './insight-types';

/** Evidence links kept per insight (newest first), so a long-running subject stays readable. */
const MAX_EVIDENCE = 20;

/**
 * Merges a new report of the same subject into the existing insight: first seen is kept, text
 * and scores follow the newest report, evidence is the union, expiry moves forward. A dismissed
 * or acknowledged insight stays so unless the new report is more urgent (higher priority).
 */
export function mergeInsight(existing: Insight, incoming: Insight): Insight {
  if (existing.id !== incoming.id) throw new Error(`cannot merge insight ${incoming.id} into ${existing.id}`);
  const confidence = Math.max(incoming.confidence, existing.confidence * 0.9);
  const impact = incoming.impact;
  const priority = priorityOf(impact, confidence);
  const escalated = rank(priority) < rank(existing.priority);
  const status =
    existing.status === 'expired' || escalated || existing.status === 'open' ? 'open' : existing.status;
  return {
    ...incoming,
    confidence,
    impact,
    priority,
    status,
    evidence: unionEvidence(incoming.evidence, existing.evidence),
    firstSeenMillis: Math.min(existing.firstSeenMillis, incoming.firstSeenMillis),
    lastSeenMillis: Math.max(existing.lastSeenMillis, incoming.lastSeenMillis),
    expiresAtMillis: Math.max(existing.expiresAtMillis, incoming.expiresAtMillis),
    occurrences: existing.occurrences + incoming.occurrences,
  };
}

export interface UpsertResult {
  /** All insights after the update, by id. */
  insights: Map<string, Insight>;
  /** Insights created or changed by this update (to store and publish). */
  changed: Insight[];
}

/** Adds or merges each incoming insight; duplicates within `incoming` merge too. */
export function upsertInsights(
  current: ReadonlyMap<string, Insight>,
  incoming: readonly Insight[],
): UpsertResult {
  const insights = new Map(current);
  const changed = new Map<string, Insight>();
  for (const insight of incoming) {
    const existing = insights.get(insight.id);
    const next = existing ? mergeInsight(existing, insight) : insight;
    insights.set(next.id, next);
    changed.set(next.id, next);
  }
  return { insights, changed: [...changed.values()] };
}

/** Marks insights whose time has passed as expired; returns only those that changed. */
export function expireInsights(insights: Iterable<Insight>, nowMillis: number): Insight[] {
  const expired: Insight[] = [];
  for (const insight of insights) {
    if (insight.status !== 'expired' && insight.expiresAtMillis <= nowMillis) {
      expired.push({ ...insight, status: 'expired' });
    }
  }
  return expired;
}

/** Open insights, most urgent first (priority, then expected value, then recency). */
export function rankInsights(insights: Iterable<Insight>): Insight[] {
  return [...insights]
    .filter((i) => i.status === 'open')
    .sort(
      (a, b) =>
        rank(a.priority) - rank(b.priority) ||
        b.impact * b.confidence - a.impact * a.confidence ||
        b.lastSeenMillis - a.lastSeenMillis ||
        a.id.localeCompare(b.id),
    );
}

/** Time to live of an insight of this type (exported for the service's sweeps). */
export function ttlMillisOf(insight: Pick<Insight, 'type'>): number {
  return INSIGHT_TTL_MILLIS[insight.type];
}

function rank(priority: Insight['priority']): number {
  return Number(priority.slice(1));
}

function unionEvidence(newer: readonly EvidenceLink[], older: readonly EvidenceLink[]): EvidenceLink[] {
  const seen = new Set<string>();
  const out: EvidenceLink[] = [];
  for (const link of [...newer, ...older]) {
    const key = `${link.kind}\u0000${link.ref}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(link);
    if (out.length >= MAX_EVIDENCE) break;
  }
  return out;
}
