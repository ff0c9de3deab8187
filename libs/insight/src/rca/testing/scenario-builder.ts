/**
 * Builders of synthetic incidents for tests: metric series with seeded noise, a normal period,
 * and effects switched on at a chosen step. Used by specs only (not exported from the library).
 */
import type { LogRecord, MetricSeries, SpanRecord } from '../types';

/** Deterministic uniform [0, 1) generator (mulberry32). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeriesSpec {
  service: string;
  metric: string;
  statistic?: string;
  /** Typical level. */
  level: number;
  /** Noise amplitude (uniform ± noise). */
  noise: number;
  /** Added to the level at window step i (0-based); undefined = no change. */
  effect?: (step: number) => number;
}

export interface TimelineSpec {
  startMillis: number;
  stepMillis: number;
  normalSteps: number;
  windowSteps: number;
}

/** Normal period first, then the window; the window starts `normalSteps` steps after `startMillis`. */
export function buildMetrics(timeline: TimelineSpec, specs: SeriesSpec[], seed = 1): MetricSeries[] {
  const random = seededRandom(seed);
  const windowStart = timeline.startMillis + timeline.normalSteps * timeline.stepMillis;
  return specs.map((spec) => {
    const jitter = () => (random() * 2 - 1) * spec.noise;
    const normal = Array.from({ length: timeline.normalSteps }, (_, i) => ({
      timeMillis: timeline.startMillis + i * timeline.stepMillis,
      value: spec.level + jitter(),
    }));
    const points = Array.from({ length: timeline.windowSteps }, (_, i) => ({
      timeMillis: windowStart + i * timeline.stepMillis,
      value: spec.level + jitter() + (spec.effect?.(i) ?? 0),
    }));
    return { service: spec.service, metric: spec.metric, statistic: spec.statistic, points, normal };
  });
}

/** `amount` from window step `from` on. */
export function stepFrom(from: number, amount: number): (step: number) => number {
  return (step) => (step >= from ? amount : 0);
}

/** Window start time of a timeline. */
export function windowStartMillis(timeline: TimelineSpec): number {
  return timeline.startMillis + timeline.normalSteps * timeline.stepMillis;
}

export interface TraceCallSpec {
  service: string;
  operation: string;
  /** Own work, ms. */
  selfMillis: number;
  calls?: TraceCallSpec[];
  error?: boolean;
}

/** One trace as spans: each call's duration is its self time plus its children's (sequential). */
export function buildTrace(traceId: string, startMillis: number, root: TraceCallSpec): SpanRecord[] {
  const spans: SpanRecord[] = [];
  let counter = 0;
  const visit = (call: TraceCallSpec, parentSpanId: string | null, at: number): number => {
    const spanId = `${traceId}-${counter++}`;
    let cursor = at + call.selfMillis / 2;
    const index = spans.length;
    spans.push({
      traceId,
      spanId,
      parentSpanId,
      service: call.service,
      operation: call.operation,
      startUnixNano: BigInt(Math.round(at * 1e6)),
      durationNanos: 0,
      status: call.error ? 'error' : 'ok',
    });
    for (const child of call.calls ?? []) cursor += visit(child, spanId, cursor);
    const duration = cursor - at + call.selfMillis / 2;
    spans[index].durationNanos = Math.round(duration * 1e6);
    return duration;
  };
  visit(root, null, startMillis);
  return spans;
}

/** `count` log lines of one service spread evenly over [fromMillis, toMillis). */
export function buildLogs(
  service: string,
  severity: string,
  template: (i: number) => string,
  count: number,
  fromMillis: number,
  toMillis: number,
): LogRecord[] {
  const spacing = (toMillis - fromMillis) / Math.max(1, count);
  return Array.from({ length: count }, (_, i) => ({
    timeMillis: Math.round(fromMillis + i * spacing),
    service,
    severity,
    body: template(i),
  }));
}
