/**
 * Spans → per-service and per-operation signals, and the call edges they reveal.
 *
 * The signal that separates a root cause from its victims is self time: a span's duration minus
 * the time spent in its children. A slow database makes every caller slow, but only the
 * database's own (self) time grows; callers' self time stays put.
 */
import { quantile } from './robust-stats';
import { badDirectionOf, type Signal } from './signal-change';
import type { ServiceEdge, SpanRecord, TimedValue } from './types';

interface Bucketed {
  durations: number[];
  selfTimes: number[];
  errors: number;
  calls: number;
}

type SeriesBuckets = Map<string, Map<number, Bucketed>>;

/** Call edges seen in spans: the parent span's service calls the child span's service. */
export function edgesFromSpans(spans: readonly SpanRecord[]): ServiceEdge[] {
  const byId = new Map<string, SpanRecord>();
  for (const span of spans) byId.set(`${span.traceId}/${span.spanId}`, span);
  const seen = new Set<string>();
  const edges: ServiceEdge[] = [];
  for (const span of spans) {
    if (!span.parentSpanId) continue;
    const parent = byId.get(`${span.traceId}/${span.parentSpanId}`);
    if (!parent || parent.service === span.service) continue;
    const key = `${parent.service}\u0000${span.service}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ from: parent.service, to: span.service });
  }
  return edges;
}

/** Builds latency, self-time, error-rate and call-count signals per service and per operation. */
export function signalsFromSpans(
  spans: readonly SpanRecord[],
  normalSpans: readonly SpanRecord[],
  bucketMillis: number,
): Signal[] {
  const window = bucketSpans(spans, bucketMillis);
  const normal = bucketSpans(normalSpans, bucketMillis);
  const signals: Signal[] = [];
  for (const [key, buckets] of window) {
    const [service, operation] = key.split('\u0000');
    const prefix = operation ? `span ${operation} ` : 'span ';
    const normalBuckets = normal.get(key) ?? new Map<number, Bucketed>();
    const add = (name: string, pick: (b: Bucketed) => number | null, isCount = false): void => {
      const indicator = `${prefix}${name}`;
      signals.push({
        service,
        indicator,
        source: 'span',
        direction: name === 'calls' ? 'both' : badDirectionOf(name),
        isCount,
        points: toPoints(buckets, pick),
        normal: toPoints(normalBuckets, pick).map((p) => p.value),
      });
    };
    add('latency:p50', (b) => quantile(b.durations, 0.5));
    add('latency:p95', (b) => quantile(b.durations, 0.95));
    add('error_rate', (b) => b.errors / b.calls);
    if (!operation) {
      add('self_time:p50', (b) => quantile(b.selfTimes, 0.5));
      add('self_time:p95', (b) => quantile(b.selfTimes, 0.95));
      add('calls', (b) => b.calls, true);
    }
  }
  return signals;
}

function bucketSpans(spans: readonly SpanRecord[], bucketMillis: number): SeriesBuckets {
  const childTime = new Map<string, number>();
  for (const span of spans) {
    if (!span.parentSpanId) continue;
    const key = `${span.traceId}/${span.parentSpanId}`;
    childTime.set(key, (childTime.get(key) ?? 0) + span.durationNanos);
  }
  const result: SeriesBuckets = new Map();
  for (const span of spans) {
    const startMillis = Number(span.startUnixNano / 1_000_000n);
    const bucket = Math.floor(startMillis / bucketMillis) * bucketMillis;
    const durationMillis = span.durationNanos / 1e6;
    const selfMillis =
      Math.max(0, span.durationNanos - (childTime.get(`${span.traceId}/${span.spanId}`) ?? 0)) / 1e6;
    for (const key of [`${span.service}\u0000`, `${span.service}\u0000${span.operation}`]) {
      let buckets = result.get(key);
      if (!buckets) {
        buckets = new Map();
        result.set(key, buckets);
      }
      let b = buckets.get(bucket);
      if (!b) {
        b = { durations: [], selfTimes: [], errors: 0, calls: 0 };
        buckets.set(bucket, b);
      }
      b.durations.push(durationMillis);
      b.selfTimes.push(selfMillis);
      b.calls += 1;
      if (span.status === 'error') b.errors += 1;
    }
  }
  return result;
}

function toPoints(buckets: Map<number, Bucketed>, pick: (b: Bucketed) => number | null): TimedValue[] {
  const points: TimedValue[] = [];
  for (const [timeMillis, b] of buckets) {
    const value = pick(b);
    if (value !== null && Number.isFinite(value)) points.push({ timeMillis, value });
  }
  return points.sort((a, b) => a.timeMillis - b.timeMillis);
}
