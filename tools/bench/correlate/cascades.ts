/**
 * Generated cascading failures over a layered service graph, with known ground truth.
 *
 * A failure starts in one service (more often a backend or data store) and spreads to its
 * callers, hop by hop, with a delay and a probability per edge; each affected service raises
 * one to three alerts (some services have no alert rule for it and stay silent while still
 * passing the failure on). Independent "noise" alerts fire at random times on random services.
 * Every alert carries the id of the cascade it belongs to (noise: its own id).
 */
import type { ServiceEdge } from '@vigil/correlate';

export interface GeneratorOptions {
  readonly seed: number;
  readonly services: number;
  readonly cascades: number;
  /** Bursts of unrelated alerts (1–6 alerts on one service each), each its own incident. */
  readonly noiseAlerts: number;
  readonly durationMillis: number;
  /** Chance that a caller of an affected service is affected too. */
  readonly spreadProbability: number;
  /** Chance that an affected service raises alerts at all. */
  readonly alertProbability: number;
}

export const DEFAULT_GENERATOR: GeneratorOptions = {
  seed: 42,
  services: 80,
  /** One cascading failure an hour on 80 services is already a bad day. */
  cascades: 24,
  noiseAlerts: 48,
  durationMillis: 24 * 3_600_000,
  spreadProbability: 0.6,
  alertProbability: 0.9,
};

export interface GeneratedAlert {
  readonly labels: Record<string, string>;
  readonly startsAtMillis: number;
  readonly endsAtMillis: number;
  /** Ground truth: which incident this alert belongs to. */
  readonly truth: string;
}

export interface GeneratedWorld {
  readonly edges: ServiceEdge[];
  readonly alerts: GeneratedAlert[];
}

/** mulberry32: small, seeded, good enough for test data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYMPTOMS = ['HighLatency', 'HighErrorRate', 'SaturationHigh', 'PodRestarting', 'QueueBacklog'];
const NOISE = ['CertificateExpiringSoon', 'DiskSpaceLow', 'BackupFailed', 'ConfigDrift', 'NodeClockSkew'];
const MIN = 60_000;

export function generateWorld(options: GeneratorOptions = DEFAULT_GENERATOR): GeneratedWorld {
  const random = rng(options.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const between = (lo: number, hi: number): number => lo + random() * (hi - lo);

  // Layers: edge (frontends) → api → backend → data; calls go to the next layer or the one after.
  const layerSizes = [0.08, 0.22, 0.4, 0.3].map((f) => Math.max(2, Math.round(f * options.services)));
  const layerNames = ['web', 'api', 'svc', 'db'];
  const layers = layerSizes.map((n, l) => Array.from({ length: n }, (_, i) => `${layerNames[l]}-${i}`));
  const edges: ServiceEdge[] = [];
  const callers = new Map<string, string[]>();
  for (let l = 0; l < layers.length - 1; l++) {
    for (const from of layers[l]) {
      const calls = new Set<string>();
      const n = 2 + Math.floor(random() * 2);
      while (calls.size < n) calls.add(l + 2 < layers.length && random() < 0.15 ? pick(layers[l + 2]) : pick(layers[l + 1]));
      for (const to of calls) {
        edges.push({ from, to });
        callers.set(to, [...(callers.get(to) ?? []), from]);
      }
    }
  }

  const alerts: GeneratedAlert[] = [];
  const raise = (service: string, startsAtMillis: number, endsAtMillis: number, truth: string, names: readonly string[]): void => {
    const count = 1 + Math.floor(random() * 3);
    const chosen = new Set<string>();
    while (chosen.size < Math.min(count, names.length)) chosen.add(pick(names));
    for (const alertname of chosen) {
      const instances = 1 + Math.floor(random() * 2);
      for (let i = 0; i < instances; i++) {
        const start = startsAtMillis + between(0, 2 * MIN);
        alerts.push({
          labels: { alertname, service, severity: pick(['warning', 'critical']), instance: `${service}-${Math.floor(random() * 6)}:9090`, cluster: 'prod' },
          startsAtMillis: Math.round(start),
          endsAtMillis: Math.round(Math.max(start + MIN, endsAtMillis + between(-2 * MIN, 2 * MIN))),
          truth,
        });
      }
    }
  };

  for (let c = 0; c < options.cascades; c++) {
    const truth = `cascade-${c}`;
    const origin = random() < 0.75 ? pick([...layers[2], ...layers[3]]) : pick([...layers[0], ...layers[1]]);
    const startMillis = between(0, options.durationMillis - 2 * 3_600_000);
    const lengthMillis = between(10 * MIN, 60 * MIN);
    const affected = new Map<string, number>([[origin, startMillis]]);
    const queue = [origin];
    while (queue.length > 0) {
      const service = queue.shift()!;
      const at = affected.get(service)!;
      for (const caller of callers.get(service) ?? []) {
        if (affected.has(caller) || random() >= options.spreadProbability) continue;
        affected.set(caller, at + between(0.5 * MIN, 3 * MIN));
        queue.push(caller);
      }
    }
    for (const [service, at] of affected) {
      if (service !== origin && random() >= options.alertProbability) continue;
      raise(service, at, startMillis + lengthMillis, truth, SYMPTOMS);
    }
  }
  for (let n = 0; n < options.noiseAlerts; n++) {
    const start = between(0, options.durationMillis - 3_600_000);
    raise(pick(layers.flat()), start, start + between(5 * MIN, 45 * MIN), `noise-${n}`, NOISE);
  }
  return { edges, alerts: dedupeByLabels(alerts) };
}

/**
 * Two generated alerts with identical labels whose activity overlaps would be one alert in
 * Alertmanager; keep the first of such overlapping copies.
 */
function dedupeByLabels(alerts: GeneratedAlert[]): GeneratedAlert[] {
  const sorted = [...alerts].sort((a, b) => a.startsAtMillis - b.startsAtMillis);
  const lastEnd = new Map<string, number>();
  const out: GeneratedAlert[] = [];
  for (const a of sorted) {
    const key = JSON.stringify(Object.entries(a.labels).sort());
    if ((lastEnd.get(key) ?? -Infinity) >= a.startsAtMillis) continue;
    lastEnd.set(key, a.endsAtMillis);
    out.push(a);
  }
  return out;
}
