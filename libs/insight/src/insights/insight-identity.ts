/** Deterministic ids and priorities shared by every insight builder. */
import { INSIGHT_TTL_MILLIS, type Insight, type InsightPriority, type InsightType } from './insight-types';

/** FNV-1a 64-bit of a string, hex. Stable across processes and versions (unlike object hashes). */
export function stableHash(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const bytes = new TextEncoder().encode(text);
  for (const byte of bytes) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

/** `ins-<type>-<hash>`: the same type and subject always give the same id. */
export function insightId(type: InsightType, subject: string): string {
  return `ins-${type.toLowerCase()}-${stableHash(`${type}\u0000${subject}`)}`;
}

/** Priority from expected value: impact × confidence. */
export function priorityOf(impact: number, confidence: number): InsightPriority {
  const value = clamp01(impact) * clamp01(confidence);
  if (value >= 0.6) return 'P1';
  if (value >= 0.35) return 'P2';
  if (value >= 0.15) return 'P3';
  return 'P4';
}

export function clamp01(value: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.min(1, Math.max(0, value));
}

export interface InsightDraft {
  type: InsightType;
  subject: string;
  service: string | null;
  title: string;
  summary: string;
  evidence: Insight['evidence'];
  confidence: number;
  impact: number;
  recommendation: string;
}

/** Completes a draft into a new open insight seen at `nowMillis`. */
export function finishInsight(draft: InsightDraft, nowMillis: number): Insight {
  const confidence = round3(clamp01(draft.confidence));
  const impact = round3(clamp01(draft.impact));
  return {
    id: insightId(draft.type, draft.subject),
    ...draft,
    confidence,
    impact,
    priority: priorityOf(impact, confidence),
    status: 'open',
    firstSeenMillis: nowMillis,
    lastSeenMillis: nowMillis,
    expiresAtMillis: nowMillis + INSIGHT_TTL_MILLIS[draft.type],
    occurrences: 1,
  };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
