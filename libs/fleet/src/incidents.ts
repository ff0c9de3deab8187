/**
 * Injected incidents: each a named fault with its ground truth (what broke, where, which
 * signals should alert) and its effect on the fleet over the incident's life. The simulator
 * asks for the combined effects at a time; scenario runs compare Vigil's output with the
 * ground truth.
 */

/** What an incident does to the fleet at one moment; absent entries mean "as normal". */
export interface Effects {
  /** Multiplier on a service's own latency. */
  readonly latencyFactor: Map<string, number>;
  /** Added probability that a service's operations fail. */
  readonly errorRate: Map<string, number>;
  /** Multiplier on traffic entering at the gateway. */
  loadFactor: number;
  /** Extra resident memory (bytes) on a service. */
  readonly memoryExtraBytes: Map<string, number>;
  /** Extra bytes used on a service's disk. */
  readonly diskExtraBytes: Map<string, number>;
  /** Multiplier on LLM input tokens per call (a longer prompt). */
  inputTokenFactor: number;
  /** Synthetic checks forced to fail at this moment. */
  readonly failingChecks: Set<string>;
  /** Deployed version overrides. */
  readonly versions: Map<string, string>;
}

export function noEffects(): Effects {
  return {
    latencyFactor: new Map(),
    errorRate: new Map(),
    loadFactor: 1,
    memoryExtraBytes: new Map(),
    diskExtraBytes: new Map(),
    inputTokenFactor: 1,
    failingChecks: new Set(),
    versions: new Map(),
  };
}

/** An alert group Vigil is expected to raise: which service, on which signal, from which source. */
export interface ExpectedAlert {
  readonly service: string;
  readonly metric: string;
  readonly source: 'anomaly-detector' | 'slo-monitor' | 'capacity-planner';
}

export interface IncidentSpec {
  readonly name: string;
  readonly title: string;
  readonly durationMillis: number;
  readonly rootCause: { readonly service: string; readonly metric: string };
  /** Services whose signals change (root cause included). */
  readonly affectedServices: readonly string[];
  readonly expectedAlerts: readonly ExpectedAlert[];
  /** True when the right outcome is no incident at all (a noisy check must be damped). */
  readonly expectNoIncident?: boolean;
  /** Applies the incident's effect `elapsedMillis` after its start (0 ≤ progress < 1). */
  apply(effects: Effects, elapsedMillis: number, progress: number): void;
}

const MINUTE = 60_000;
const GIB = 1024 ** 3;
const add = (map: Map<string, number>, key: string, value: number) => map.set(key, (map.get(key) ?? 0) + value);
const scale = (map: Map<string, number>, key: string, factor: number) => map.set(key, (map.get(key) ?? 1) * factor);
/** 0 → 1 over the first `rampMillis`, so faults start like real ones, not as a step of exactly one tick. */
const ramp = (elapsedMillis: number, rampMillis: number) => Math.min(1, elapsedMillis / rampMillis);

export const INCIDENTS: readonly IncidentSpec[] = [
  {
    name: 'latency-regression',
    title: 'checkout 2.4.1 deploy: an N+1 query makes PlaceOrder about 3x slower',
    durationMillis: 30 * MINUTE,
    rootCause: { service: 'checkout', metric: 'vigil.span.duration' },
    affectedServices: ['checkout', 'frontend', 'gateway'],
    expectedAlerts: [{ service: 'checkout', metric: 'vigil.span.duration', source: 'anomaly-detector' }],
    apply(effects) {
      effects.versions.set('checkout', '2.4.1');
      scale(effects.latencyFactor, 'checkout', 10); // own work 20 → 200 ms; calls unchanged
    },
  },
  {
    name: 'error-cascade',
    title: 'payments returns 40 % errors; checkout, frontend and gateway fail upstream',
    durationMillis: 20 * MINUTE,
    rootCause: { service: 'payments', metric: 'vigil.span.errors' },
    affectedServices: ['payments', 'checkout', 'frontend', 'gateway'],
    expectedAlerts: [
      { service: 'payments', metric: 'vigil.span.errors', source: 'anomaly-detector' },
      { service: 'checkout', metric: 'vigil.span.errors', source: 'slo-monitor' },
    ],
    apply(effects, elapsed) {
      add(effects.errorRate, 'payments', 0.4 * ramp(elapsed, 30_000));
    },
  },
  {
    name: 'traffic-spike',
    title: 'a marketing push triples traffic at the gateway',
    durationMillis: 20 * MINUTE,
    rootCause: { service: 'gateway', metric: 'vigil.span.calls' },
    affectedServices: ['gateway', 'auth', 'frontend', 'catalog', 'checkout'],
    expectedAlerts: [{ service: 'gateway', metric: 'vigil.span.calls', source: 'anomaly-detector' }],
    apply(effects, elapsed) {
      effects.loadFactor *= 1 + 2 * ramp(elapsed, 3 * MINUTE);
      scale(effects.latencyFactor, 'catalog', 1.6);
    },
  },
  {
    name: 'llm-cost-spike',
    title: 'a prompt change sends 6x the input tokens to the model',
    durationMillis: 40 * MINUTE,
    rootCause: { service: 'assistant', metric: 'vigil.gen_ai.tokens' },
    affectedServices: ['assistant'],
    expectedAlerts: [{ service: 'assistant', metric: 'vigil.gen_ai.tokens', source: 'anomaly-detector' }],
    apply(effects) {
      effects.versions.set('assistant', '0.10.0');
      effects.inputTokenFactor *= 6;
    },
  },
  {
    name: 'flapping-check',
    title: "notifier's synthetic SMTP check flaps every few minutes (noise: should not page)",
    durationMillis: 30 * MINUTE,
    rootCause: { service: 'notifier', metric: 'synthetic.check.success' },
    affectedServices: ['notifier'],
    expectedAlerts: [],
    expectNoIncident: true,
    apply(effects, elapsed) {
      if (Math.floor(elapsed / (3 * MINUTE)) % 2 === 0) effects.failingChecks.add('notifier-smtp');
    },
  },
  {
    name: 'memory-leak',
    title: 'inventory leaks memory after a cache change, heading for its limit',
    durationMillis: 90 * MINUTE,
    rootCause: { service: 'inventory', metric: 'system.memory.usage' },
    affectedServices: ['inventory'],
    expectedAlerts: [
      { service: 'inventory', metric: 'system.memory.usage', source: 'anomaly-detector' },
      { service: 'inventory', metric: 'system.memory.usage', source: 'capacity-planner' },
    ],
    apply(effects, _elapsed, progress) {
      // 42 % → 95 % of the 1 GiB limit; GC pauses slow it down near the end.
      add(effects.memoryExtraBytes, 'inventory', 0.53 * GIB * progress);
      scale(effects.latencyFactor, 'inventory', 1 + 3 * Math.max(0, progress - 0.7));
    },
  },
  {
    name: 'disk-filling',
    title: 'postgres WAL archiving stalls; its disk fills toward capacity',
    durationMillis: 120 * MINUTE,
    rootCause: { service: 'postgres', metric: 'system.filesystem.usage' },
    affectedServices: ['postgres'],
    expectedAlerts: [{ service: 'postgres', metric: 'system.filesystem.usage', source: 'capacity-planner' }],
    apply(effects, _elapsed, progress) {
      // 55 % → 97 % of 200 GiB.
      add(effects.diskExtraBytes, 'postgres', 84 * GIB * progress);
    },
  },
  {
    name: 'slow-slo-burn',
    title: 'checkout fails 1.2 % of orders for hours (12x the 99.9 % SLO budget burn)',
    durationMillis: 180 * MINUTE,
    rootCause: { service: 'checkout', metric: 'vigil.span.errors' },
    affectedServices: ['checkout', 'frontend', 'gateway'],
    expectedAlerts: [{ service: 'checkout', metric: 'vigil.span.errors', source: 'slo-monitor' }],
    apply(effects) {
      add(effects.errorRate, 'checkout', 0.012);
    },
  },
];

export function incidentByName(name: string): IncidentSpec {
  const spec = INCIDENTS.find((i) => i.name === name);
  if (!spec) throw new Error(`unknown scenario "${name}"; one of: ${INCIDENTS.map((i) => i.name).join(', ')}`);
  return spec;
}

/** An incident placed on the simulated timeline. */
export interface ScheduledIncident {
  readonly spec: IncidentSpec;
  readonly startMillis: number;
  readonly endMillis: number;
}

/** The record a scenario run is judged against (plain data, JSON-ready). */
export interface GroundTruth {
  readonly name: string;
  readonly title: string;
  readonly startMillis: number;
  readonly endMillis: number;
  readonly rootCause: { readonly service: string; readonly metric: string };
  readonly affectedServices: readonly string[];
  readonly expectedAlerts: readonly ExpectedAlert[];
  readonly expectNoIncident: boolean;
}

export function groundTruthOf(incident: ScheduledIncident): GroundTruth {
  const { spec } = incident;
  return {
    name: spec.name,
    title: spec.title,
    startMillis: incident.startMillis,
    endMillis: incident.endMillis,
    rootCause: spec.rootCause,
    affectedServices: spec.affectedServices,
    expectedAlerts: spec.expectedAlerts,
    expectNoIncident: spec.expectNoIncident ?? false,
  };
}

/** Lays incidents one after another from `startMillis`, with quiet gaps between them. */
export function scheduleIncidents(specs: readonly IncidentSpec[], startMillis: number, gapMillis: number): ScheduledIncident[] {
  const out: ScheduledIncident[] = [];
  let at = startMillis;
  for (const spec of specs) {
    out.push({ spec, startMillis: at, endMillis: at + spec.durationMillis });
    at += spec.durationMillis + gapMillis;
  }
  return out;
}

/** Combined effects of the incidents active at `timeMillis`. */
export function effectsAt(incidents: readonly ScheduledIncident[], timeMillis: number): Effects {
  const effects = noEffects();
  for (const incident of incidents) {
    if (timeMillis < incident.startMillis || timeMillis >= incident.endMillis) continue;
    const elapsed = timeMillis - incident.startMillis;
    incident.spec.apply(effects, elapsed, elapsed / (incident.endMillis - incident.startMillis));
  }
  return effects;
}
