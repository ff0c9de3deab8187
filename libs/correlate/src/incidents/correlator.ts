/**
 * Incident correlation, online and deterministic. A new alert joins an open incident when it
 * started within the time window of the incident's latest member start and is linked to one
 * of its members by any of: the same Alertmanager group, services within `maxHops` in the
 * dependency graph (two hops only for alerts that started close together), or labels similar
 * enough (Jaccard over label pairs, identity labels such as `instance` left out). An alert
 * linking several incidents joins the best-linked one and merges those opened close to it in
 * time into the oldest — a young cascade seen in pieces — but not older, settled incidents,
 * and only pieces that can be one cascade with each other (not merely each with the anchor).
 * An incident resolves once every member has been resolved (after flapping damping) for
 * `resolveQuietMillis`; a member firing again before that keeps it open.
 */
import { createHash } from 'node:crypto';
import type { LabelSet } from '../labels/fingerprint';
import type { FlapOptions, FlapState } from './flapping';
import { DEFAULT_FLAP_OPTIONS, dampedStatus, isFlapping, newFlapState, recordStatus } from './flapping';
import type { CorrelationInput, Incident, IncidentEvent, IncidentMember, IncidentSummary } from './incident.types';
import { ServiceGraph } from './service-graph';

export interface CorrelatorOptions {
  /** An alert joins an incident whose latest member started at most this long before. */
  readonly windowMillis: number;
  /** Services at most this many hops apart on a call path (either may be the caller) are linked. */
  readonly maxHops: number;
  /** Label-pair Jaccard similarity at or above this links two alerts. */
  readonly similarityThreshold: number;
  /** Labels naming the service, first present wins. */
  readonly serviceLabels: readonly string[];
  /** Labels that identify a replica, not a problem; ignored for similarity. */
  readonly identityLabels: readonly string[];
  /**
   * Services two hops apart link only when the alerts started at most this far apart (one
   * silent service in between is common; unrelated neighbours-of-neighbours are commoner).
   */
  readonly twoHopWindowMillis: number;
  /**
   * An alert linking several incidents merges only those opened within this long of the one
   * it links best; an older, established incident is not swallowed by a newcomer's neighbour.
   */
  readonly mergeWindowMillis: number;
  /** A service below an incident's origin joins only if it alerted this soon after the first member. */
  readonly originLagMillis: number;
  /** All members resolved for this long → the incident resolves. */
  readonly resolveQuietMillis: number;
  readonly flap: FlapOptions;
}

export const DEFAULT_CORRELATOR_OPTIONS: CorrelatorOptions = {
  windowMillis: 5 * 60_000,
  maxHops: 2,
  twoHopWindowMillis: 5 * 60_000,
  mergeWindowMillis: 5 * 60_000,
  originLagMillis: 2 * 60_000,
  similarityThreshold: 0.75,
  serviceLabels: ['service', 'service_name', 'job', 'app'],
  identityLabels: ['instance', 'pod', 'container', 'node', 'host', 'replica'],
  resolveQuietMillis: 5 * 60_000,
  flap: DEFAULT_FLAP_OPTIONS,
};

/** Longest call path considered between a service and an incident's origin. */
const ORIGIN_CHAIN_MAX_HOPS = 8;

export interface CorrelatorSnapshot {
  readonly incidents: readonly Incident[];
  readonly flaps: Readonly<Record<string, FlapState>>;
}

export function incidentId(firstFingerprint: string, startsAtMillis: number): string {
  return 'inc_' + createHash('sha256').update(`${firstFingerprint}@${startsAtMillis}`).digest('hex').slice(0, 20);
}

export class IncidentCorrelator {
  private readonly options: CorrelatorOptions;
  private incidents = new Map<string, Incident>();
  /** Member fingerprint → its open incident. */
  private readonly byMember = new Map<string, string>();
  private flaps = new Map<string, FlapState>();

  constructor(
    private readonly graph: ServiceGraph = new ServiceGraph(),
    options: Partial<CorrelatorOptions> = {},
  ) {
    this.options = { ...DEFAULT_CORRELATOR_OPTIONS, ...options };
  }

  serviceOf(labels: LabelSet): string | undefined {
    for (const name of this.options.serviceLabels) if (labels[name]) return labels[name];
    return undefined;
  }

  /** Feeds one alert state; returns the incident events it causes. */
  observe(input: CorrelationInput, nowMillis: number): IncidentEvent[] {
    const flap = this.flaps.get(input.fingerprint) ?? newFlapState(input.status, nowMillis);
    this.flaps.set(input.fingerprint, flap);
    recordStatus(flap, input.status, nowMillis, this.options.flap);
    const status = dampedStatus(flap, nowMillis, this.options.flap);
    const flapping = isFlapping(flap, nowMillis, this.options.flap);

    const existing = this.byMember.get(input.fingerprint);
    if (existing) {
      const incident = this.incidents.get(existing)!;
      const member = incident.members[input.fingerprint];
      if (member.status === status && member.flapping === flapping) return [];
      member.status = status;
      member.flapping = flapping;
      incident.updatedAtMillis = nowMillis;
      return [{ type: 'updated', atMillis: nowMillis, incident: this.summary(incident) }];
    }
    if (status === 'resolved') return [];

    const member: IncidentMember = {
      fingerprint: input.fingerprint,
      labels: input.labels,
      service: this.serviceOf(input.labels),
      groupKey: input.groupKey,
      startsAtMillis: input.startsAtMillis,
      status,
      flapping,
    };
    const linked = this.linkedIncidents(member);
    if (linked.length === 0) {
      const incident: Incident = {
        id: incidentId(member.fingerprint, member.startsAtMillis),
        status: 'open',
        openedAtMillis: nowMillis,
        updatedAtMillis: nowMillis,
        lastStartMillis: member.startsAtMillis,
        members: { [member.fingerprint]: member },
      };
      this.incidents.set(incident.id, incident);
      this.byMember.set(member.fingerprint, incident.id);
      return [{ type: 'opened', atMillis: nowMillis, incident: this.summary(incident) }];
    }
    const [survivor, ...absorbed] = linked;
    const events: IncidentEvent[] = [];
    for (const other of absorbed) {
      for (const m of Object.values(other.members)) {
        survivor.members[m.fingerprint] = m;
        this.byMember.set(m.fingerprint, survivor.id);
      }
      survivor.lastStartMillis = Math.max(survivor.lastStartMillis, other.lastStartMillis);
      other.status = 'resolved';
      other.resolvedAtMillis = nowMillis;
      other.updatedAtMillis = nowMillis;
      this.incidents.delete(other.id);
      events.push({ type: 'resolved', atMillis: nowMillis, incident: this.summary(other), mergedInto: survivor.id });
    }
    survivor.members[member.fingerprint] = member;
    survivor.lastStartMillis = Math.max(survivor.lastStartMillis, member.startsAtMillis);
    survivor.updatedAtMillis = nowMillis;
    this.byMember.set(member.fingerprint, survivor.id);
    events.unshift({
      type: 'updated', atMillis: nowMillis, incident: this.summary(survivor),
      mergedFrom: absorbed.length > 0 ? absorbed.map((i) => i.id) : undefined,
    });
    return events;
  }

  /** Time passing: held (flapping) resolves take effect, quiet incidents resolve. */
  advance(nowMillis: number): IncidentEvent[] {
    const events: IncidentEvent[] = [];
    for (const incident of [...this.incidents.values()].sort((a, b) => a.openedAtMillis - b.openedAtMillis || (a.id < b.id ? -1 : 1))) {
      let changed = false;
      for (const member of Object.values(incident.members)) {
        const flap = this.flaps.get(member.fingerprint);
        if (!flap) continue;
        const status = dampedStatus(flap, nowMillis, this.options.flap);
        const flapping = isFlapping(flap, nowMillis, this.options.flap);
        if (status !== member.status || flapping !== member.flapping) {
          member.status = status;
          member.flapping = flapping;
          changed = true;
        }
      }
      const members = Object.values(incident.members);
      const lastResolveMillis = members.reduce((max, m) => Math.max(max, this.flaps.get(m.fingerprint)?.lastChangeMillis ?? 0), 0);
      if (members.every((m) => m.status === 'resolved') && nowMillis - lastResolveMillis >= this.options.resolveQuietMillis) {
        incident.status = 'resolved';
        incident.resolvedAtMillis = nowMillis;
        incident.updatedAtMillis = nowMillis;
        this.incidents.delete(incident.id);
        for (const m of members) {
          this.byMember.delete(m.fingerprint);
          this.flaps.delete(m.fingerprint);
        }
        events.push({ type: 'resolved', atMillis: nowMillis, incident: this.summary(incident) });
      } else if (changed) {
        incident.updatedAtMillis = nowMillis;
        events.push({ type: 'updated', atMillis: nowMillis, incident: this.summary(incident) });
      }
    }
    return events;
  }

  openIncidents(): IncidentSummary[] {
    return [...this.incidents.values()].map((i) => this.summary(i));
  }

  /**
   * Open incidents the member joins: the one with the most evidence first (each linked service
   * counts 1 / (1 + hops), so a direct dependency outweighs a distant one and links to many
   * services outweigh one; ties go to the older incident), then those opened within the merge window of it that can be the same
   * cascade, oldest first after it.
   */
  private linkedIncidents(member: IncidentMember): Incident[] {
    const scored: { incident: Incident; evidence: number }[] = [];
    for (const incident of this.incidents.values()) {
      if (member.startsAtMillis - incident.lastStartMillis > this.options.windowMillis) continue;
      // Evidence per linked service (its closest link), not per alert: four alerts of one
      // service say no more about a dependency than one does.
      const byService = new Map<string, number>();
      for (const m of Object.values(incident.members)) {
        const link = this.link(member, m);
        if (link) byService.set(m.service ?? m.fingerprint, Math.max(byService.get(m.service ?? m.fingerprint) ?? 0, 1 / (1 + link.hops)));
      }
      let evidence = 0;
      for (const e of byService.values()) evidence += e;
      if (evidence > 0 && this.onOriginChain(member, incident)) scored.push({ incident, evidence });
    }
    if (scored.length === 0) return [];
    scored.sort((a, b) => b.evidence - a.evidence || a.incident.openedAtMillis - b.incident.openedAtMillis || (a.incident.id < b.incident.id ? -1 : 1));
    const anchor = scored[0].incident;
    // Each incident merged must be able to be one cascade with every other one merged, not only
    // with the anchor: a service high in the graph (a frontend) is a caller of nearly
    // everything, so two unrelated cascades below it would both "fit" it and be merged through it.
    const merged = [anchor];
    for (const { incident } of scored.slice(1)) {
      if (Math.abs(incident.openedAtMillis - anchor.openedAtMillis) > this.options.mergeWindowMillis) continue;
      if (merged.every((m) => this.compatible(m, incident))) merged.push(incident);
    }
    return merged.sort((a, b) => a.openedAtMillis - b.openedAtMillis || (a.id < b.id ? -1 : 1));
  }

  /**
   * A failure travels from its origin to the origin's callers, so every service of one
   * cascade sits on a call path with the origin (the member services none of whose callees
   * alert). An alert on a service off every such path — say a sibling dependency of a member —
   * is a coincidence, not part of the cascade. An alert below the origin would be the real
   * origin found late; a cause alerts before its effects, so that is accepted only within
   * `originLagMillis` of the incident's first alert. Alerts without a service pass.
   */
  private onOriginChain(member: IncidentMember, incident: Incident): boolean {
    if (member.service === undefined) return true;
    const members = Object.values(incident.members);
    const services = new Set(members.flatMap((m) => (m.service ? [m.service] : [])));
    const origins = this.originServices(services);
    if (origins.length === 0 || services.has(member.service)) return true;
    const firstStartMillis = members.reduce((min, m) => Math.min(min, m.startsAtMillis), Infinity);
    const lateOrigin = member.startsAtMillis - firstStartMillis > this.options.originLagMillis;
    return origins.some((o) => {
      if (this.graph.reachable(member.service!, o, ORIGIN_CHAIN_MAX_HOPS)) return true; // a caller of the origin
      return !lateOrigin && this.graph.reachable(o, member.service!, ORIGIN_CHAIN_MAX_HOPS); // a deeper origin
    });
  }

  /**
   * Two incidents may merge only if they can be one cascade: the origins of one lie on the
   * origin chain of the other (either way round).
   */
  private compatible(a: Incident, b: Incident): boolean {
    const fits = (from: Incident, into: Incident): boolean => this.originMembers(from).every((m) => this.onOriginChain(m, into));
    return fits(b, a) || fits(a, b);
  }

  /** Members on the incident's origin services. */
  private originMembers(incident: Incident): IncidentMember[] {
    const members = Object.values(incident.members);
    const origins = new Set(this.originServices(new Set(members.flatMap((m) => (m.service ? [m.service] : [])))));
    return members.filter((m) => m.service !== undefined && origins.has(m.service));
  }

  /**
   * Alerting services that depend on no other alerting service, directly or through services
   * that did not alert: where a cascade can have begun.
   */
  private originServices(services: ReadonlySet<string>): string[] {
    return [...services]
      .filter((s) => ![...services].some((other) => other !== s && this.graph.reachable(s, other, ORIGIN_CHAIN_MAX_HOPS)))
      .sort();
  }

  /** How two alerts are linked (hops 0 = same group or service), or undefined. */
  private link(a: IncidentMember, b: IncidentMember): { hops: number; gapMillis: number } | undefined {
    const gapMillis = Math.abs(a.startsAtMillis - b.startsAtMillis);
    if (gapMillis > this.options.windowMillis) return undefined;
    if (a.groupKey !== undefined && a.groupKey === b.groupKey) return { hops: 0, gapMillis };
    if (a.service !== undefined && b.service !== undefined) {
      const hops = this.graph.chainDistance(a.service, b.service, this.options.maxHops);
      if (hops !== undefined && (hops < 2 || gapMillis <= this.options.twoHopWindowMillis)) return { hops, gapMillis };
    }
    if (labelSimilarity(a.labels, b.labels, this.options.identityLabels) >= this.options.similarityThreshold) return { hops: 1, gapMillis };
    return undefined;
  }

  private summary(incident: Incident): IncidentSummary {
    const members = Object.values(incident.members).sort((a, b) => a.startsAtMillis - b.startsAtMillis || (a.fingerprint < b.fingerprint ? -1 : 1));
    const services = [...new Set(members.flatMap((m) => (m.service ? [m.service] : [])))].sort();
    const origins = this.originServices(new Set(services));
    const names = [...new Set(members.map((m) => m.labels.alertname).filter(Boolean))].sort();
    const title = `${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}${services.length ? ` on ${services.length === 1 ? services[0] : `${services.length} services`}` : ''}`;
    return {
      id: incident.id, status: incident.status, openedAtMillis: incident.openedAtMillis, updatedAtMillis: incident.updatedAtMillis,
      resolvedAtMillis: incident.resolvedAtMillis, services, probableOrigin: origins.length === 1 ? origins[0] : undefined,
      title, members: members.map((m) => ({ ...m })),
    };
  }

  snapshot(): CorrelatorSnapshot {
    return { incidents: structuredClone([...this.incidents.values()]), flaps: structuredClone(Object.fromEntries(this.flaps)) };
  }

  restore(snapshot: CorrelatorSnapshot): void {
    this.incidents = new Map(structuredClone(snapshot.incidents).map((i) => [i.id, i]));
    this.byMember.clear();
    for (const i of this.incidents.values()) for (const fp of Object.keys(i.members)) this.byMember.set(fp, i.id);
    this.flaps = new Map(Object.entries(structuredClone(snapshot.flaps)));
  }
}

/** Jaccard similarity of two label sets as sets of name=value pairs. */
export function labelSimilarity(a: LabelSet, b: LabelSet, ignore: readonly string[] = []): number {
  const skip = new Set(ignore);
  const pairs = (l: LabelSet) => new Set(Object.entries(l).filter(([n]) => !skip.has(n)).map(([n, v]) => `${n}\u0000${v}`));
  const pa = pairs(a);
  const pb = pairs(b);
  if (pa.size === 0 && pb.size === 0) return 0;
  let common = 0;
  for (const p of pa) if (pb.has(p)) common++;
  return common / (pa.size + pb.size - common);
}
