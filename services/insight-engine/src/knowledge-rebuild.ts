import { InsightCategory, IncidentStatus } from '@vigil/contracts';
import type { EventsRepository } from '@vigil/store';
import type { InsightSourcesRepository } from './insight-sources.repository';
import type { KnowledgeLibrary } from './knowledge-library';

/**
 * Refills the knowledge base from the store at start: every incident resolved in the history
 * window, with the root cause its PERFORMANCE insight named and the notes left on the incident or
 * on that insight. Returns how many incidents were loaded.
 */
export async function rebuildKnowledge(
  knowledge: KnowledgeLibrary,
  events: EventsRepository,
  sources: InsightSourcesRepository,
  nowMillis: number,
  historyMillis: number,
): Promise<number> {
  if (historyMillis <= 0) return 0;
  const fromUnixMs = nowMillis - historyMillis;
  const toUnixMs = nowMillis + 1;
  let loaded = 0;
  for (const tenant of await sources.tenantsWithIncidents(fromUnixMs)) {
    const window = { tenant, fromUnixMs, toUnixMs };
    const incidents = (await events.listIncidents({ ...window, limit: 5_000 })).filter((i) => i.status === IncidentStatus.RESOLVED);
    if (incidents.length === 0) continue;
    const insights = await events.listInsights({ ...window, limit: 20_000 });
    const causeOf = new Map<string, { insightId: string; rootCause: string }>();
    for (const insight of insights) {
      if (insight.category !== InsightCategory.PERFORMANCE) continue;
      const incident = insight.evidence.find((e) => e.kind === 'incident');
      // The title reads "<incident>: likely caused by <service> (<indicator>)".
      const cause = /likely caused by (.+)$/.exec(insight.title)?.[1] ?? insight.services[0];
      if (incident && cause) causeOf.set(incident.ref, { insightId: insight.id, rootCause: cause });
    }
    const notes = new Map<string, string[]>();
    for (const f of (await events.listFeedback({ ...window, limit: 20_000 })).reverse()) {
      if (!f.note.trim()) continue;
      notes.set(f.targetId, [...(notes.get(f.targetId) ?? []), f.note.trim()]);
    }
    for (const incident of incidents) {
      const cause = causeOf.get(incident.id);
      const resolution = [...(notes.get(incident.id) ?? []), ...(cause ? (notes.get(cause.insightId) ?? []) : [])].join('; ');
      knowledge.remember(tenant, {
        id: incident.id,
        title: incident.title,
        openedAtMillis: incident.openedAtUnixMs,
        services: [...incident.services],
        alertNames: [],
        rootCause: cause?.rootCause ?? incident.rootCauseHint?.service,
        resolution: resolution || undefined,
      });
      loaded += 1;
    }
  }
  return loaded;
}
