/**
 * The graph reasoning of root-cause ranking: which callee explains a caller's change, how much of
 * the observed change a candidate accounts for, whether the path to the symptom relayed it, and
 * whether a leaf merely mirrors another service. See docs/decisions/081-rca-graph-reasoning.md.
 */
import type { RankOptions } from './rank-root-causes';
import type { ServiceAssessment } from './root-cause-evidence';
import { correlation } from './robust-stats';
import type { ServiceGraph } from './service-graph';
import type { SignalChange } from './signal-change';
import { affectedBy, explainersOf, flowOf, sizeOfChange, type SignalFlow } from './signal-flow';
import type { TimedValue } from './types';

export function trajectoryOf(change: SignalChange): TimedValue[] {
  return change.signal.points.map((p, i) => ({ timeMillis: p.timeMillis, value: change.deviations[i] }));
}

export function bestCorrelation(mine: TimedValue[][], theirs: TimedValue[][]): number {
  let best = 0;
  for (const a of mine) for (const b of theirs) best = Math.max(best, alignedCorrelation(a, b));
  return best;
}

export function alignedCorrelation(a: TimedValue[], b: TimedValue[]): number {
  const other = new Map(b.map((p) => [p.timeMillis, p.value]));
  const xs: number[] = [];
  const ys: number[] = [];
  for (const p of a) {
    const v = other.get(p.timeMillis);
    if (v === undefined) continue;
    xs.push(p.value);
    ys.push(v);
  }
  return correlation(xs, ys);
}

/**
 * Share (0–1) of a service's change that its neighbours explain. A neighbour explains a signal
 * when a signal of the same family (latency, availability, ...) moved the same way at the same
 * times by a comparable amount and was itself significant. Which neighbours can explain depends
 * on the signal (signal-flow.ts): callees for what rides on the answers (a database 0.5 s slower
 * explains a caller 0.5 s slower, a 20 ms wiggle does not, however many sigmas it is); callers
 * for request volume (a gateway ×3 explains a cache ×3 behind it, not the other way round).
 */
export function explainedByNeighbours(
  a: ServiceAssessment,
  graph: ServiceGraph,
  all: Map<string, ServiceAssessment>,
  options: RankOptions,
): number {
  let weighted = 0;
  let total = 0;
  for (const change of a.changes.slice(0, options.explainTopSignals)) {
    if (change.strength <= 0) continue;
    const flow = flowOf(change.signal.indicator);
    const neighbours = explainersOf(a.service, flow, graph)
      .map((name) => all.get(name))
      .filter((c): c is ServiceAssessment => c !== undefined && c.strength > 0);
    const family = familyOf(change.signal.indicator);
    const size = sizeOfChange(change, flow);
    const trajectory = trajectoryOf(change);
    let best = 0;
    for (const neighbour of neighbours) {
      // Compare like with like: the neighbour's p50 with this service's p50 when it has one.
      const same = neighbour.changes.filter((o) => o.signal.indicator === change.signal.indicator);
      const comparable = same.length
        ? same
        : neighbour.changes.filter((o) => familyOf(o.signal.indicator) === family);
      for (const other of comparable) {
        if (other.strength <= 0) continue;
        const share = size > 0 ? Math.min(1, sizeOfChange(other, flow) / size) : 1;
        // A wiggle within the neighbour's own noise explains nothing, whatever its size.
        const significance = Math.min(1, (2 * other.strength) / change.strength);
        const explained =
          share * significance * Math.max(0, alignedCorrelation(trajectory, trajectoryOf(other)));
        if (explained > best) {
          best = explained;
          if (change === a.changes[0]) a.explainedBy = neighbour.service;
        }
      }
    }
    weighted += change.strength * best;
    total += change.strength;
  }
  return total > 0 ? weighted / total : 0;
}

/** `latency:p50` → `latency`; `span latency:p95` → `span latency`. */
export function familyOf(indicator: string): string {
  return indicator.split(':')[0];
}

/**
 * A fault travels to the symptom through the services in between (up for a fault in the answers,
 * down for a surge of requests); if one of them did not change
 * at all, the candidate's change probably did not cause the symptom. 1 when every intermediate
 * service changed (or has no data), down to `unrelayedFactor`.
 */
export function propagationSupport(
  service: string,
  flow: SignalFlow,
  symptomService: string,
  graph: ServiceGraph,
  all: Map<string, ServiceAssessment>,
  options: RankOptions,
): number {
  // A surge of requests travels down from the candidate to the symptom; the path is the same hops.
  const path =
    flow === 'upstream' ? graph.pathUpTo(service, symptomService) : graph.pathUpTo(symptomService, service);
  if (!path || path.length <= 2) return 1;
  let support = 1;
  for (const hop of path.slice(1, -1)) {
    const h = all.get(hop);
    if (!h || h.changes.length === 0) continue;
    support = Math.min(support, Math.min(1, h.strength / options.relaySigmas));
  }
  return options.unrelayedFactor + (1 - options.unrelayedFactor) * support;
}

/**
 * Share of the observed change mass found in the services a fault of this kind in `service`
 * would change: itself and its (transitive) callers, or its callees for a surge of requests.
 */
export function coverage(
  service: string,
  flow: SignalFlow,
  graph: ServiceGraph,
  observed: ServiceAssessment[],
  observedMass: number,
): number {
  if (observedMass <= 0) return 1;
  const affected = affectedBy(service, flow, graph);
  let mass = 0;
  for (const o of observed) if (affected.has(o.service)) mass += o.strength;
  return mass / observedMass;
}

/**
 * A leaf (calls nothing) whose strongest change is matched, in the same indicator family, size and
 * timing, by a service that does call others and is not one of its callers, is most likely a
 * view of that service (a load balancer or remote endpoint the graph does not link to it).
 */
export function mirroredService(
  a: ServiceAssessment,
  graph: ServiceGraph,
  all: Map<string, ServiceAssessment>,
): string | null {
  const lead = a.changes[0];
  if (!lead || !graph.has(a.service) || graph.calleesOf(a.service).length > 0) return null;
  const callers = graph.distancesUp(a.service);
  const rise = Math.abs(lead.peakValue - lead.center);
  const trajectory = trajectoryOf(lead);
  for (const other of all.values()) {
    if (other === a || callers.has(other.service) || graph.calleesOf(other.service).length === 0) continue;
    if (other.strength < 0.5 * a.strength) continue;
    for (const same of other.changes) {
      if (same.strength <= 0 || familyOf(same.signal.indicator) !== familyOf(lead.signal.indicator)) continue;
      const ratio = Math.abs(same.peakValue - same.center) / (rise || 1e-12);
      if (ratio >= 0.5 && ratio <= 2 && alignedCorrelation(trajectory, trajectoryOf(same)) >= 0.8)
        return other.service;
    }
  }
  return null;
}
