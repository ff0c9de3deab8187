/**
 * Incidents per tenant: an IncidentCorrelator over the tenant's service graph, fed with every
 * alert state the engine stores, and the translation of its events into `vigil.incidents.v1`
 * payloads with a revision per incident (replicas fed the same alerts count the same
 * revisions; consumers and the store's ReplacingMergeTree keep the latest).
 */
import type { CorrelationInput, CorrelatorSnapshot, IncidentEvent } from '@vigil/correlate';
import { IncidentCorrelator, ServiceGraph } from '@vigil/correlate';
import { IncidentStatus, Severity, TOPICS, createPayload, type Incident } from '@vigil/contracts';

const SEVERITY_BY_LABEL: Readonly<Record<string, Severity>> = {
  critical: Severity.CRITICAL, page: Severity.CRITICAL, error: Severity.HIGH, high: Severity.HIGH,
  warning: Severity.MEDIUM, warn: Severity.MEDIUM, medium: Severity.MEDIUM, info: Severity.LOW, low: Severity.LOW,
};
const STATUS: Readonly<Record<IncidentEvent['type'], IncidentStatus>> = {
  opened: IncidentStatus.OPEN, updated: IncidentStatus.UPDATED, resolved: IncidentStatus.RESOLVED,
};

export interface IncidentBookSnapshot {
  readonly tenants: Record<string, { correlator: CorrelatorSnapshot; revisions: Record<string, number> }>;
}

interface TenantIncidents {
  readonly graph: ServiceGraph;
  readonly correlator: IncidentCorrelator;
  readonly revisions: Map<string, number>;
}

export class IncidentBook {
  private readonly tenants = new Map<string, TenantIncidents>();

  private of(tenant: string): TenantIncidents {
    let t = this.tenants.get(tenant);
    if (!t) {
      const graph = new ServiceGraph();
      t = { graph, correlator: new IncidentCorrelator(graph), revisions: new Map() };
      this.tenants.set(tenant, t);
    }
    return t;
  }

  has(tenant: string): boolean {
    return this.tenants.has(tenant);
  }

  tenantNames(): string[] {
    return [...this.tenants.keys()];
  }

  /** Adds caller → callee edges (the graph only grows while the process runs; a restart forgets stale edges). */
  addEdges(tenant: string, edges: readonly { from: string; to: string }[]): void {
    const { graph } = this.of(tenant);
    for (const edge of edges) graph.addEdge(edge);
  }

  observe(tenant: string, input: CorrelationInput, nowMillis: number): Incident[] {
    const t = this.of(tenant);
    return t.correlator.observe(input, nowMillis).map((e) => this.toPayload(tenant, t, e));
  }

  advance(nowMillis: number): Incident[] {
    const out: Incident[] = [];
    for (const [tenant, t] of this.tenants) out.push(...t.correlator.advance(nowMillis).map((e) => this.toPayload(tenant, t, e)));
    return out;
  }

  private toPayload(tenant: string, t: TenantIncidents, event: IncidentEvent): Incident {
    const i = event.incident;
    const revision = (t.revisions.get(i.id) ?? 0) + 1;
    t.revisions.set(i.id, revision);
    if (event.type === 'resolved') t.revisions.delete(i.id);
    const severity = i.members.reduce((max, m) => Math.max(max, SEVERITY_BY_LABEL[(m.labels.severity ?? '').toLowerCase()] ?? Severity.LOW), Severity.UNSPECIFIED);
    return createPayload(TOPICS.incidents, {
      id: i.id,
      tenant,
      status: STATUS[event.type],
      revision,
      title: i.title,
      severity,
      memberAlertFingerprints: i.members.map((m) => m.fingerprint).sort(),
      firingAlertFingerprints: i.members.filter((m) => m.status === 'firing').map((m) => m.fingerprint).sort(),
      services: [...i.services].sort(),
      rootCauseHint: i.probableOrigin
        ? { service: i.probableOrigin, reason: 'alerting service none of whose callees alert in the call graph', confidence: i.services.length > 1 ? 0.7 : 0.5 }
        : undefined,
      openedAtUnixMs: i.openedAtMillis,
      updatedAtUnixMs: event.atMillis,
      resolvedAtUnixMs: i.resolvedAtMillis ?? 0,
    });
  }

  snapshot(): IncidentBookSnapshot {
    const tenants: IncidentBookSnapshot['tenants'] = {};
    for (const [tenant, t] of this.tenants) tenants[tenant] = { correlator: t.correlator.snapshot(), revisions: Object.fromEntries(t.revisions) };
    return { tenants };
  }

  restore(snapshot: IncidentBookSnapshot): void {
    for (const [tenant, s] of Object.entries(snapshot.tenants)) {
      const t = this.of(tenant);
      t.correlator.restore(s.correlator);
      for (const [id, revision] of Object.entries(s.revisions)) t.revisions.set(id, revision);
    }
  }
}
