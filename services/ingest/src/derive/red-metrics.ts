import type { Span } from '@vigil/contracts';
import type { MetricShape, SeriesAccumulator } from '../normalize/series-accumulator';
import { MetricKind, TemporalityKind } from '../normalize/telemetry';
import { STATUS_NAMES, SPAN_KIND_NAMES, durationMillis } from './span-view';

/**
 * RED metrics (rate, errors, duration) per service and operation, derived from spans so SLOs
 * and detectors work for services that only send traces. Each request contributes DELTA
 * points at its receive time: counts and a duration histogram for that request's spans. Delta
 * (not a per-process cumulative counter) because several ingest replicas see spans of the same
 * service; queries sum deltas over a window (docs/decisions/094).
 */
export const DURATION_BOUNDS_MS = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

export const RED_METRICS = {
  calls: 'vigil.span.calls',
  errors: 'vigil.span.errors',
  duration: 'vigil.span.duration',
} as const;

const shape = (name: string, type: MetricKind, unit: string, description: string): MetricShape => ({
  name,
  type,
  monotonic: type === MetricKind.Sum,
  temporality: TemporalityKind.Delta,
  unit,
  description,
});
const CALLS = shape(RED_METRICS.calls, MetricKind.Sum, '1', 'Spans per service, operation, kind and status (delta per request)');
const ERRORS = shape(RED_METRICS.errors, MetricKind.Sum, '1', 'Spans with status ERROR per service and operation (delta per request)');
const DURATION = shape(RED_METRICS.duration, MetricKind.Histogram, 'ms', 'Span duration per service and operation (delta per request)');

interface Group {
  labels: string[];
  calls: number;
  errors: number;
  buckets: number[];
  sumMs: number;
  minMs: number;
  maxMs: number;
}

export function deriveRedMetrics(spans: readonly Span[], acc: SeriesAccumulator): void {
  const groups = new Map<string, Group>();
  for (const span of spans) {
    const kind = SPAN_KIND_NAMES[span.kind] ?? 'unspecified';
    const status = STATUS_NAMES[span.statusCode] ?? 'unset';
    const key = `${span.service}\u0000${span.name}\u0000${kind}\u0000${status}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        labels: ['service.name', span.service, 'operation', span.name, 'span.kind', kind, 'status.code', status],
        calls: 0,
        errors: 0,
        buckets: new Array<number>(DURATION_BOUNDS_MS.length + 1).fill(0),
        sumMs: 0,
        minMs: Infinity,
        maxMs: -Infinity,
      };
      groups.set(key, group);
    }
    const millis = durationMillis(span);
    group.calls++;
    if (status === 'error') group.errors++;
    group.sumMs += millis;
    group.minMs = Math.min(group.minMs, millis);
    group.maxMs = Math.max(group.maxMs, millis);
    let bucket = 0;
    while (bucket < DURATION_BOUNDS_MS.length && millis > DURATION_BOUNDS_MS[bucket]) bucket++;
    group.buckets[bucket]++;
  }
  const now = acc.nowMillis;
  for (const group of groups.values()) {
    const labels = { resourceKey: '', resource: [], point: group.labels };
    acc.sample(CALLS, labels, now, 0, group.calls);
    if (group.errors > 0) acc.sample(ERRORS, { resourceKey: '', resource: [], point: group.labels.slice(0, 6) }, now, 0, group.errors);
    acc.histogram(
      DURATION,
      labels,
      { timeUnixMs: now, explicitBounds: DURATION_BOUNDS_MS, bucketCounts: group.buckets, sum: group.sumMs, count: group.calls, min: group.minMs, max: group.maxMs },
      0,
    );
  }
}
