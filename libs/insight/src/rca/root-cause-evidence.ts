/** Turns a service's assessment into the evidence on-call reads: what changed, when, and how it reaches the symptom. */
import type { ServiceGraph } from './service-graph';
import type { SignalChange } from './signal-change';
import { flowOf } from './signal-flow';
import type { ChangedSignal, RankedCause, Symptom, TimedValue } from './types';

/** Working state of one service while ranking. */
export interface ServiceAssessment {
  service: string;
  /** Its signals' changes, strongest first. */
  changes: SignalChange[];
  strength: number;
  /** Deviation trajectories of its strongest signals. */
  trajectories: TimedValue[][];
  onsetMillis: number | null;
  explainedByCallees: number;
  /** The callee explaining most of the strongest signal, if any. */
  explainedBy: string | null;
  /** A service this one (a leaf) merely mirrors, if any. */
  mirrorOf: string | null;
  symptomCorrelation: number;
  score: number;
}

export interface EvidenceContext {
  graph: ServiceGraph;
  symptom: Symptom | null;
  /** When each service's change started (null: it did not change). */
  onsetOf: (service: string) => number | null;
  onsetSigmas: number;
  topScore: number;
}

/** Signals listed per cause. */
const MAX_SIGNALS = 5;

export function buildEvidence(a: ServiceAssessment, context: EvidenceContext): RankedCause {
  const path = context.symptom ? pathToSymptom(a, context.symptom.service, context.graph) : [];
  // Lags are relative to the earliest change along the way to the symptom (the candidate
  // included), so "0" means nothing between it and the symptom moved before it did.
  const lineageOnsets = (path.length ? path : [a.service])
    .map(context.onsetOf)
    .filter((t): t is number => t !== null);
  const reference = lineageOnsets.length ? Math.min(...lineageOnsets) : null;
  const signals = a.changes
    .filter((c) => c.peakDeviation >= context.onsetSigmas)
    .slice(0, MAX_SIGNALS)
    .map((c) => describe(c, reference));
  const symptomOnset = context.symptom ? context.onsetOf(context.symptom.service) : null;
  const indicator = a.changes[0]?.signal.indicator ?? 'anomaly';
  return {
    service: a.service,
    indicator,
    score: round(a.score / context.topScore, 4),
    evidence: {
      signals,
      pathToSymptom: path,
      explainedByCallees: round(a.explainedByCallees, 3),
      explainedBy: a.explainedBy,
      symptomCorrelation: round(a.symptomCorrelation, 3),
      summary: summarize(a, signals, path, context.symptom, symptomOnset),
    },
  };
}

function describe(c: SignalChange, earliestOnsetMillis: number | null): ChangedSignal {
  return {
    service: c.signal.service,
    indicator: c.signal.indicator,
    source: c.signal.source,
    baselineValue: round(c.center, 6),
    peakValue: round(c.peakValue, 6),
    deviationSigmas: round(c.peakDeviation, 1),
    relativeChange: c.center === 0 ? 0 : round(c.peakValue / c.center - 1, 3),
    onsetMillis: c.onsetMillis,
    onsetLagMillis:
      c.onsetMillis !== null && earliestOnsetMillis !== null ? c.onsetMillis - earliestOnsetMillis : null,
  };
}

/**
 * The services a fault in `a` passes through to reach the symptom, candidate first: up the caller
 * chain for a fault in the answers, down the calls for a surge of requests (signal-flow.ts).
 */
function pathToSymptom(a: ServiceAssessment, symptomService: string, graph: ServiceGraph): string[] {
  if (flowOf(a.changes[0]?.signal.indicator ?? '') === 'upstream')
    return graph.pathUpTo(a.service, symptomService) ?? [];
  return (graph.pathUpTo(symptomService, a.service) ?? []).reverse();
}

function summarize(
  a: ServiceAssessment,
  signals: ChangedSignal[],
  path: string[],
  symptom: Symptom | null,
  symptomOnsetMillis: number | null,
): string {
  if (signals.length === 0)
    return `${a.service}: no signal left its normal range; ranked by weak evidence only.`;
  const lead = signals[0];
  const change =
    lead.relativeChange !== 0
      ? `${lead.indicator} ${lead.relativeChange > 0 ? '+' : ''}${Math.round(lead.relativeChange * 100)}%`
      : `${lead.indicator} ${lead.baselineValue} → ${lead.peakValue}`;
  let when = '';
  if (symptom && symptom.service !== a.service && lead.onsetMillis !== null && symptomOnsetMillis !== null) {
    const leadSeconds = Math.round((symptomOnsetMillis - lead.onsetMillis) / 1000);
    when =
      leadSeconds > 0
        ? `, started ${leadSeconds} s before ${symptom.service} changed`
        : leadSeconds === 0
          ? `, started with ${symptom.service}'s change`
          : `, started ${-leadSeconds} s after ${symptom.service} changed`;
  }
  const route = !symptom
    ? ''
    : path.length === 2
      ? flowOf(a.changes[0]?.signal.indicator ?? '') === 'downstream'
        ? `; calls ${symptom.service} directly`
        : `; called directly by ${symptom.service}`
      : path.length > 2
        ? `; reaches ${symptom.service} through ${path.slice(1, -1).join(' → ')}`
        : '';
  const victims =
    a.explainedByCallees >= 0.5 && a.explainedBy
      ? `; largely explained by ${a.explainedBy}, which changed too`
      : '';
  return `${a.service}: ${change} (${lead.deviationSigmas}σ)${when}${route}${victims}.`;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
