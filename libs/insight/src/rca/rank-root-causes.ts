/**
 * Root-cause ranking for one incident.
 *
 * 1. Every input (metrics, spans, logs) becomes signals; each is scored by how far it moved
 *    against its own normal variability, mostly by the change inside the window (a level that
 *    was already off before the window is discounted: it is drift, not this incident).
 * 2. A service is as suspicious as its strongest signals.
 * 3. The graph decides the rest (graph-reasoning.ts): a service whose change is explained by a
 *    neighbour that changed the same way is a victim, not a cause — a callee for latency, errors
 *    and saturation, a caller for request volume (signal-flow.ts); a cause accounts for the changes
 *    of the services calling it, its path to the symptom relays the change, and it moves with the
 *    symptom. When each signal started is reported as evidence but not weighted by default: at
 *    coarse steps onsets tie, and noise often "starts" first.
 */
import {
  bestCorrelation,
  coverage,
  explainedByNeighbours,
  mirroredService,
  propagationSupport,
  trajectoryOf,
} from './graph-reasoning';
import { flowOf } from './signal-flow';
import { buildEvidence, type ServiceAssessment } from './root-cause-evidence';
import { signalsFromLogs } from './log-signals';
import { signalsFromMetrics, typicalStepMillis } from './metric-signals';
import { ServiceGraph } from './service-graph';
import { measureChange, type Signal, type SignalChange, type SignalChangeOptions } from './signal-change';
import { edgesFromSpans, signalsFromSpans } from './span-signals';
import type { KnownAnomaly, RankedCause, RootCauseInput, TimedValue } from './types';

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
  changes.push(...changesFromKnownAnomalies(input.anomalies ?? [], options.saturationSigmas));

  const byService = groupByService(changes);
  const graph = new ServiceGraph([...input.edges, ...edgesFromSpans(input.spans ?? [])]);
  const symptom = input.symptom;
  const reachable = symptom && graph.has(symptom.service) ? graph.distancesDown(symptom.service) : null;
  // A surge of requests reaches the symptom from its callers.
  const feeding = symptom && graph.has(symptom.service) ? graph.distancesUp(symptom.service) : null;
  const symptomTrajectories = symptom
    ? symptomTrajectoriesOf(byService.get(symptom.service) ?? [], symptom.indicator)
    : [];

  const assessments = new Map<string, ServiceAssessment>();
  for (const [service, list] of byService) {
    list.sort((a, b) => b.strength - a.strength);
    const strength = (list[0]?.strength ?? 0) + options.corroborationWeight * (list[1]?.strength ?? 0);
    const onsets = list.map((c) => c.onsetMillis).filter((t): t is number => t !== null);
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
    a.explainedByCallees = explainedByNeighbours(a, graph, assessments, options);
    a.symptomCorrelation =
      symptom && a.service !== symptom.service
        ? bestCorrelation(a.trajectories, symptomTrajectories)
        : symptom
          ? 1
          : 0;
    // The service's strongest change says which way its fault would travel (signal-flow.ts).
    const flow = flowOf(a.changes[0]?.signal.indicator ?? '');
    const side = flow === 'upstream' ? reachable : feeding;
    const onPath = !side || side.has(a.service) ? 1 : options.offPathFactor;
    a.mirrorOf = mirroredService(a, graph, assessments);
    const mirror = a.mirrorOf ? options.mirrorFactor : 1;
    const covered = coverage(a.service, flow, graph, observed, observedMass);
    const accounts = 1 - options.coverageWeight + options.coverageWeight * covered;
    const carried = symptom
      ? propagationSupport(a.service, flow, symptom.service, graph, assessments, options)
      : 1;
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
      onsetOf: (service) => {
        const other = assessments.get(service);
        return other && other.strength >= options.onsetSigmas ? other.onsetMillis : null;
      },
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

/** The symptom's named indicator (any statistic of it) and its strongest signals. */
function symptomTrajectoriesOf(changes: SignalChange[], indicator: string | undefined): TimedValue[][] {
  const sorted = [...changes].sort((a, b) => b.strength - a.strength);
  const named = indicator ? sorted.filter((c) => c.signal.indicator.startsWith(indicator)).slice(0, 2) : [];
  return [...named, ...sorted.slice(0, 3)].map(trajectoryOf);
}

/**
 * Anomalies the detector already reported count as changed signals of their service, as strong
 * as their score says (score 1 = saturated), dated by when they started.
 */
function changesFromKnownAnomalies(
  anomalies: readonly KnownAnomaly[],
  saturationSigmas: number,
): SignalChange[] {
  return anomalies.map((a) => {
    const sigmas = Math.min(1, Math.max(0, a.score)) * saturationSigmas;
    const signal: Signal = {
      service: a.service,
      indicator: a.indicator,
      source: 'anomaly',
      direction: 'up',
      isCount: false,
      points: [{ timeMillis: a.startedAtMillis, value: a.score }],
      normal: [],
    };
    return {
      signal,
      baselineSize: 0,
      center: 0,
      scale: 1,
      deviations: [sigmas],
      peakDeviation: sigmas,
      riseInWindow: sigmas,
      peakValue: a.score,
      onsetMillis: a.startedAtMillis,
      strength: sigmas,
    };
  });
}
