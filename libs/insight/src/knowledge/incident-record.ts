/** Turns a resolved incident (its ranked cause and on-call's notes) into a knowledge-base entry. */
import type { RankedCause } from '../rca/types';
import type { KnowledgeDocument } from './knowledge-base';

export interface ResolvedIncident {
  id: string;
  title: string;
  openedAtMillis: number;
  services: string[];
  alertNames: string[];
  /** Root cause as confirmed by on-call (free text or a service name). */
  rootCause?: string;
  /** What fixed it (feedback notes). */
  resolution?: string;
}

/** The incident as a searchable document; log templates come from the ranked causes' evidence. */
export function incidentDocument(
  incident: ResolvedIncident,
  causes: readonly RankedCause[] = [],
): KnowledgeDocument {
  const top = causes[0];
  const logTemplates = causes
    .flatMap((c) => c.evidence.signals)
    .filter((s) => s.indicator.startsWith('log:'))
    .map((s) => s.indicator.slice('log:'.length));
  const rootCause = incident.rootCause ?? (top ? `${top.service} (${top.indicator})` : undefined);
  const lines = [
    `# ${incident.title}`,
    rootCause ? `Root cause: ${rootCause}` : '',
    incident.resolution ? `Resolution: ${incident.resolution}` : '',
    top ? `Evidence: ${top.evidence.summary}` : '',
  ].filter(Boolean);
  return {
    id: incident.id,
    kind: 'incident',
    title: incident.title,
    body: lines.join('\n\n'),
    services: [...new Set([...incident.services, ...(top ? [top.service] : [])])],
    alertNames: incident.alertNames,
    logTemplates: [...new Set(logTemplates)],
    rootCause,
    resolution: incident.resolution,
    occurredAtMillis: incident.openedAtMillis,
  };
}
