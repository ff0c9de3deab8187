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
    signals.push(
      trailingErrorSignal(service, `${prefix}error_rate:trailing`, buckets, normalBuckets, bucketMillis),
    );
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

/**
 * Buckets pooled into the trailing error ratio. A low error rate that burns an SLO slowly (1 % of
 * a dozen calls a minute) shows as a lone failed call here and there, which per-bucket change
 * detection rightly calls noise; pooled over ten buckets it becomes a sustained rise in the
 * share of calls that fail, whatever the load does meanwhile (errors over calls, not errors).
 */
const TRAILING_BUCKETS = 10;

/**
 * Errors / calls over the last `TRAILING_BUCKETS` buckets. Its noise is binomial: with n calls
 * pooled, one more failed call moves it by 1/n, so the scale is never below √(expected errors + 1)/n
 * with n the typical pool — a single failure among 80 calls is not a 1 % error rate.
 */
function trailingErrorSignal(
  service: string,
  indicator: string,
  buckets: Map<number, Bucketed>,
  normalBuckets: Map<number, Bucketed>,
  bucketMillis: number,
): Signal {
  const window = pooled(buckets, bucketMillis);
  const normal = pooled(normalBuckets, bucketMillis);
  const reference = normal.length ? normal : window;
  const calls =
    quantile(
      reference.map((p) => p.calls),
      0.5,
    ) ?? 0;
  const rate =
    quantile(
      reference.map((p) => p.errors / p.calls),
      0.5,
    ) ?? 0;
  return {
    service,
    indicator,
    source: 'span',
    direction: 'up',
    isCount: false,
    points: window.map((p) => ({ timeMillis: p.timeMillis, value: p.errors / p.calls })),
    normal: normal.map((p) => p.errors / p.calls),
    noiseFloor: calls > 0 ? Math.sqrt(rate * calls + 1) / calls : undefined,
  };
}

/** Errors and calls summed over the trailing pool at every bucket that has a full pool behind it. */
function pooled(
  buckets: Map<number, Bucketed>,
  bucketMillis: number,
): Array<{ timeMillis: number; errors: number; calls: number }> {
  const times = [...buckets.keys()].sort((a, b) => a - b);
  const result: Array<{ timeMillis: number; errors: number; calls: number }> = [];
  for (const t of times) {
    if (t - (TRAILING_BUCKETS - 1) * bucketMillis < times[0]) continue;
    let errors = 0;
    let calls = 0;
    for (let k = 0; k < TRAILING_BUCKETS; k++) {
      const b = buckets.get(t - k * bucketMillis);
      if (!b) continue;
      errors += b.errors;
      calls += b.calls;
    }
    if (calls > 0) result.push({ timeMillis: t, errors, calls });
  }
  return result;
}
