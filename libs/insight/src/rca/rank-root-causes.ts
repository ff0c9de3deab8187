/**
 * Root-cause ranking for one incident.
 *
 * 1. Every input (metrics, spans, logs) becomes signals; each is scored by how far it moved
 *    against its own normal variability, mostly by the change inside the window (a level that
 *    was already off before the window is discounted: it is drift, not this incident).
 * 2. A service is as suspicious as its strongest signals.
 * 3. The graph decides the rest: a service whose change is explained by a callee that changed
 *    the same way is a victim, not a cause; a service the symptom does not (transitively) call
 *    can hardly have caused it; a cause moves with the symptom and starts no later than others.
 */
import { buildEvidence, type ServiceAssessment } from './root-cause-evidence';
import { signalsFromLogs } from './log-signals';
import { signalsFromMetrics, typicalStepMillis } from './metric-signals';
import { correlation } from './robust-stats';
import { ServiceGraph } from './service-graph';
import { measureChange, type Signal, type SignalChange, type SignalChangeOptions } from './signal-change';
import { edgesFromSpans, signalsFromSpans } from './span-signals';
import type { RankedCause, RootCauseInput, TimedValue } from './types';

export interface RankOptions extends Omit<SignalChangeOptions, 'detectedAtMillis'> {
  /** Weight of the second-strongest signal of a service (corroboration). */
  corroborationWeight: number;
  /** How strongly a callee that changed the same way discounts its caller (0–1). */
  explainWeight: number;
  /** The caller's strongest signals that must be explained for it to count as a victim. */
  explainTopSignals: number;
  /** Factor for services the symptom does not call, directly or not (graph known). */
  offPathFactor: number;
  /** How much moving with the symptom counts (0 = ignored). */
  symptomCorrelationWeight: number;
  /** Discount per step a service's change started after the earliest change. */
  lateOnsetPenaltyPerStep: number;
  /** Strength at which a service between a candidate and the symptom fully relays the fault. */
  relaySigmas: number;
  /** Score kept by a candidate whose path to the symptom shows no change at all (0–1). */
  unrelayedFactor: number;
  /**
   * Weight of how much of the observed change a candidate accounts for: a root cause explains the
   * changes of the services that (transitively) call it, so the more of them changed, the likelier.
   */
  coverageWeight: number;
  /**
   * Factor for a leaf whose change mirrors a service outside its own call chain: a load balancer,
   * proxy or client-side view of that service rather than a cause of its own.
   */
  mirrorFactor: number;
  /** Causes returned. */
  limit: number;
}

export const DEFAULT_RANK_OPTIONS: Readonly<RankOptions> = Object.freeze({
  onsetSigmas: 3,
  minNormalPoints: 30,
  relativeScaleFloor: 0.01,
  levelWeight: 0.1,
  saturationSigmas: 10,
  tailSigmas: 3,
  persistenceWeight: 1,
  corroborationWeight: 0.3,
  explainWeight: 1,
  explainTopSignals: 1,
  offPathFactor: 0.5,
  symptomCorrelationWeight: 1,
  lateOnsetPenaltyPerStep: 0,
  relaySigmas: 6,
  unrelayedFactor: 0.3,
  coverageWeight: 0.8,
  mirrorFactor: 0.5,
  limit: 10,
});

/** Ranks the services most likely to have caused the incident, with the evidence for each. */
export function rankRootCauses(input: RootCauseInput, overrides: Partial<RankOptions> = {}): RankedCause[] {
  const options: RankOptions = { ...DEFAULT_RANK_OPTIONS, ...overrides };
  const bucketMillis = chooseBucketMillis(input);
  const signals = collectSignals(input, bucketMillis);
  const changeOptions: SignalChangeOptions = { ...options, detectedAtMillis: input.detectedAtMillis };
  const changes = signals
    .map((s) => measureChange(s, changeOptions))
    .filter((c): c is SignalChange => c !== null);

  const byService = groupByService(changes);
  for (const anomaly of input.anomalies ?? []) {
    if (!byService.has(anomaly.service)) byService.set(anomaly.service, []);
  }
  const graph = new ServiceGraph([...input.edges, ...edgesFromSpans(input.spans ?? [])]);
  const symptom = input.symptom;
  const reachable = symptom && graph.has(symptom.service) ? graph.distancesDown(symptom.service) : null;
  const symptomTrajectories = symptom
    ? symptomTrajectoriesOf(byService.get(symptom.service) ?? [], symptom.indicator)
    : [];

  const assessments = new Map<string, ServiceAssessment>();
  for (const [service, list] of byService) {
    list.sort((a, b) => b.strength - a.strength);
    const known = (input.anomalies ?? []).filter((a) => a.service === service);
    const knownStrength = Math.max(0, ...known.map((a) => a.score * options.saturationSigmas));
    const strength =
      Math.max(list[0]?.strength ?? 0, knownStrength) +
      options.corroborationWeight * (list[1]?.strength ?? 0);
    const onsets = [...list.map((c) => c.onsetMillis), ...known.map((a) => a.startedAtMillis)].filter(
      (t): t is number => t !== null,
    );
    assessments.set(service, {
      service,
      changes: list,
      strength,
      trajectories: list.slice(0, 3).map(trajectoryOf),
      onsetMillis: onsets.length ? Math.min(...onsets) : null,
      explainedByCallees: 0,
      explainedBy: null,
      mirrorOf: null,
      symptomCorrelation: 0,
      score: 0,
    });
  }

  const changedOnsets = [...assessments.values()]
    .filter((a) => a.strength >= options.onsetSigmas && a.onsetMillis !== null)
    .map((a) => a.onsetMillis as number);
  const earliestOnset = changedOnsets.length ? Math.min(...changedOnsets) : null;

  // Anomalies a hypothesis must account for: changed services on the symptom's side.
  const observed = [...assessments.values()].filter(
    (a) => a.strength >= options.onsetSigmas && (!reachable || reachable.has(a.service)),
  );
  const observedMass = observed.reduce((sum, a) => sum + a.strength, 0);

  for (const a of assessments.values()) {
    a.explainedByCallees = explainedByCallees(a, graph, assessments, options);
    a.symptomCorrelation =
      symptom && a.service !== symptom.service
        ? bestCorrelation(a.trajectories, symptomTrajectories)
        : symptom
          ? 1
          : 0;
    const onPath = !reachable || reachable.has(a.service) ? 1 : options.offPathFactor;
    a.mirrorOf = mirroredService(a, graph, assessments);
    const mirror = a.mirrorOf ? options.mirrorFactor : 1;
    const covered = coverage(a.service, graph, observed, observedMass);
    const accounts = 1 - options.coverageWeight + options.coverageWeight * covered;
    const carried = symptom ? propagationSupport(a.service, symptom.service, graph, assessments, options) : 1;
    const moves = symptomTrajectories.length
      ? (1 + options.symptomCorrelationWeight * Math.max(0, a.symptomCorrelation)) /
        (1 + options.symptomCorrelationWeight)
      : 1;
    const lagSteps =
      earliestOnset !== null && a.onsetMillis !== null ? (a.onsetMillis - earliestOnset) / bucketMillis : 0;
    const timely = 1 / (1 + options.lateOnsetPenaltyPerStep * Math.max(0, lagSteps));
    a.score =
      a.strength *
      (1 - options.explainWeight * a.explainedByCallees) *
      onPath *
      carried *
      accounts *
      mirror *
      moves *
      timely;
  }

  const ranked = [...assessments.values()]
    .filter((a) => a.strength > 0)
    .sort((x, y) => y.score - x.score || y.strength - x.strength || x.service.localeCompare(y.service))
    .slice(0, options.limit);
  const top = ranked[0]?.score || 1;
  return ranked.map((a) =>
    buildEvidence(a, {
      graph,
      symptom,
      earliestOnsetMillis: earliestOnset,
      onsetSigmas: options.onsetSigmas,
      topScore: top,
    }),
  );
}

function collectSignals(input: RootCauseInput, bucketMillis: number): Signal[] {
  const signals = signalsFromMetrics(input.metrics);
  if (input.spans?.length)
    signals.push(...signalsFromSpans(input.spans, input.normalSpans ?? [], bucketMillis));
  if (input.logs?.length) {
    let startMillis = input.detectedAtMillis;
    let endMillis = input.detectedAtMillis;
    for (const l of input.logs) {
      startMillis = Math.min(startMillis, l.timeMillis);
      endMillis = Math.max(endMillis, l.timeMillis);
    }
    const window = { startMillis, endMillis };
    signals.push(...signalsFromLogs(input.logs, input.normalLogs ?? [], window, bucketMillis));
  }
  return signals;
}

/** Metric step when metrics exist, else about twenty buckets over the span/log window (≥ 1 s). */
function chooseBucketMillis(input: RootCauseInput): number {
  const times: number[] = [];
  for (const s of input.spans ?? []) times.push(Number(s.startUnixNano / 1_000_000n));
  for (const l of input.logs ?? []) times.push(l.timeMillis);
  let fromEvents = 60_000;
  if (times.length > 1) {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const t of times) {
      min = Math.min(min, t);
      max = Math.max(max, t);
    }
    fromEvents = Math.max(1000, Math.round((max - min) / 20 / 1000) * 1000);
  }
  const step = typicalStepMillis(input.metrics);
  return step ? Math.min(step, fromEvents) : fromEvents;
}

function groupByService(changes: SignalChange[]): Map<string, SignalChange[]> {
  const map = new Map<string, SignalChange[]>();
  for (const c of changes) {
    const list = map.get(c.signal.service) ?? [];
    list.push(c);
    map.set(c.signal.service, list);
  }
  return map;
}

function trajectoryOf(change: SignalChange): TimedValue[] {
  return change.signal.points.map((p, i) => ({ timeMillis: p.timeMillis, value: change.deviations[i] }));
}

/** The symptom's named indicator (any statistic of it) and its strongest signals. */
function symptomTrajectoriesOf(changes: SignalChange[], indicator: string | undefined): TimedValue[][] {
  const sorted = [...changes].sort((a, b) => b.strength - a.strength);
  const named = indicator ? sorted.filter((c) => c.signal.indicator.startsWith(indicator)).slice(0, 2) : [];
  return [...named, ...sorted.slice(0, 3)].map(trajectoryOf);
}

function bestCorrelation(mine: TimedValue[][], theirs: TimedValue[][]): number {
  let best = 0;
  for (const a of mine) for (const b of theirs) best = Math.max(best, alignedCorrelation(a, b));
  return best;
}

function alignedCorrelation(a: TimedValue[], b: TimedValue[]): number {
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
 * Share (0–1) of a service's change that its callees explain. A callee explains a signal of its
 * caller when a signal of the same family (latency, availability, ...) moved the same way at the
 * same times by a comparable amount in the signal's own units: a database 0.5 s slower explains
 * a caller 0.5 s slower, a 20 ms wiggle does not, however many sigmas it is.
 */
function explainedByCallees(
  a: ServiceAssessment,
  graph: ServiceGraph,
  all: Map<string, ServiceAssessment>,
  options: RankOptions,
): number {
  const callees = graph
    .calleesOf(a.service)
    .map((name) => all.get(name))
    .filter((c): c is ServiceAssessment => c !== undefined && c.strength > 0);
  if (callees.length === 0) return 0;
  let weighted = 0;
  let total = 0;
  for (const change of a.changes.slice(0, options.explainTopSignals)) {
    if (change.strength <= 0) continue;
    const family = familyOf(change.signal.indicator);
    const rise = Math.abs(change.peakValue - change.center);
    const trajectory = trajectoryOf(change);
    let best = 0;
    for (const callee of callees) {
      // Compare like with like: the callee's p50 with the caller's p50 when it has one.
      const same = callee.changes.filter((o) => o.signal.indicator === change.signal.indicator);
      const comparable = same.length
        ? same
        : callee.changes.filter((o) => familyOf(o.signal.indicator) === family);
      for (const other of comparable) {
        if (other.strength <= 0) continue;
        const share = rise > 0 ? Math.min(1, Math.abs(other.peakValue - other.center) / rise) : 1;
        // A wiggle within the callee's own noise explains nothing, whatever its size in seconds.
        const significance = Math.min(1, (2 * other.strength) / change.strength);
        const explained =
          share * significance * Math.max(0, alignedCorrelation(trajectory, trajectoryOf(other)));
        if (explained > best) {
          best = explained;
          if (change === a.changes[0]) a.explainedBy = callee.service;
        }
      }
    }
    weighted += change.strength * best;
    total += change.strength;
  }
  return total > 0 ? weighted / total : 0;
}

/** `latency:p50` → `latency`; `span latency:p95` → `span latency`. */
function familyOf(indicator: string): string {
  return indicator.split(':')[0];
}

/**
 * A fault travels to the symptom through the services in between; if one of them did not change
 * at all, the candidate's change probably did not cause the symptom. 1 when every intermediate
 * service changed (or has no data), down to `unrelayedFactor`.
 */
function propagationSupport(
  service: string,
  symptomService: string,
  graph: ServiceGraph,
  all: Map<string, ServiceAssessment>,
  options: RankOptions,
): number {
  const path = graph.pathUpTo(service, symptomService);
  if (!path || path.length <= 2) return 1;
  let support = 1;
  for (const hop of path.slice(1, -1)) {
    const h = all.get(hop);
    if (!h || h.changes.length === 0) continue;
    support = Math.min(support, Math.min(1, h.strength / options.relaySigmas));
  }
  return options.unrelayedFactor + (1 - options.unrelayedFactor) * support;
}

/** Share of the observed change mass found in the service itself and its (transitive) callers. */
function coverage(
  service: string,
  graph: ServiceGraph,
  observed: ServiceAssessment[],
  observedMass: number,
): number {
  if (observedMass <= 0) return 1;
  const upstream = graph.has(service) ? graph.distancesUp(service) : new Map([[service, 0]]);
  let mass = 0;
  for (const o of observed) if (upstream.has(o.service)) mass += o.strength;
  return mass / observedMass;
}

/**
 * A leaf (calls nothing) whose strongest change is matched, in the same indicator family, size and
 * timing, by a service that does call others and is not one of its callers, is most likely a
 * view of that service (a load balancer or remote endpoint the graph does not link to it).
 */
function mirroredService(
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
