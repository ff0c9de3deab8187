/**
 * Incidents: alerts (across groups and services) that belong to one underlying problem, with
 * a lifecycle — opened, updated, resolved — published on `vigil.incidents.v1`.
 */
import type { LabelSet } from '../labels/fingerprint';

/** One alert as the correlator sees it. */
export interface CorrelationInput {
  readonly fingerprint: string;
  readonly labels: LabelSet;
  readonly status: 'firing' | 'resolved';
  readonly startsAtMillis: number;
  /** The Alertmanager group key it was notified under, when known. */
  readonly groupKey?: string;
}

export interface IncidentMember {
  readonly fingerprint: string;
  readonly labels: LabelSet;
  readonly service?: string;
  readonly groupKey?: string;
  readonly startsAtMillis: number;
  /** Status after flapping damping. */
  status: 'firing' | 'resolved';
  flapping: boolean;
}

export interface Incident {
  /** Deterministic: derived from the first member's fingerprint and start. */
  readonly id: string;
  status: 'open' | 'resolved';
  readonly openedAtMillis: number;
  updatedAtMillis: number;
  resolvedAtMillis?: number;
  /** Latest member start: the correlation window slides with it. */
  lastStartMillis: number;
  members: Record<string, IncidentMember>;
}

export type IncidentEventType = 'opened' | 'updated' | 'resolved';

export interface IncidentEvent {
  readonly type: IncidentEventType;
  readonly atMillis: number;
  readonly incident: IncidentSummary;
  /** Incidents folded into this one (when an alert linked two of them). */
  readonly mergedFrom?: readonly string[];
  /** Set on the resolved event of an incident folded into another. */
  readonly mergedInto?: string;
}

export interface IncidentSummary {
  readonly id: string;
  readonly status: 'open' | 'resolved';
  readonly openedAtMillis: number;
  readonly updatedAtMillis: number;
  readonly resolvedAtMillis?: number;
  readonly services: readonly string[];
  /** The alerting service none of whose callees alert: where the cascade probably began. */
  readonly probableOrigin?: string;
  readonly title: string;
  readonly members: readonly IncidentMember[];
}
