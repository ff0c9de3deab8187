/**
 * Pure assembly of the ranker's input from what the store returned: which services to read (the
 * incident's and their call-graph neighbours), which one is the symptom, and rows → series.
 */
import type { Anomaly } from '@vigil/contracts';
import type { KnownAnomaly, LogRecord, MetricSeries, ServiceEdge, SpanRecord, Symptom, TimedValue } from '@vigil/insight';
import { serviceOf } from './insight-wire';
import type { LogRow, MetricBucketRow, SpanRow } from './rca-window.repository';

/**
 * The incident's services and everything within `hops` calls of them, either direction (a slow
 * database two hops below the paged service must be read). null = read every service: the
 * incident names none.
 */
export function neighbourhood(incidentServices: readonly string[], edges: readonly ServiceEdge[], hops: number): string[] | null {
  if (incidentServices.length === 0) return null;
  const adjacent = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    const set = adjacent.get(a) ?? new Set<string>();
    set.add(b);
    adjacent.set(a, set);
  };
  for (const e of edges) {
    link(e.from, e.to);
    link(e.to, e.from);
  }
  const seen = new Set(incidentServices);
  let frontier = [...incidentServices];
  for (let hop = 0; hop < hops && frontier.length > 0; hop++) {
    const next: string[] = [];
    for (const service of frontier) {
      for (const n of adjacent.get(service) ?? []) {
        if (seen.has(n)) continue;
        seen.add(n);
        next.push(n);
      }
    }
    frontier = next;
  }
  return [...seen].sort();
}

/**
 * What on-call was paged for: the incident's most upstream service (called by none of the
 * others — where users feel it); the correlator's own hint is a cause guess, not the symptom.
 */
export function symptomOf(incidentServices: readonly string[], edges: readonly ServiceEdge[], indicator?: string): Symptom | null {
  if (incidentServices.length === 0) return null;
  const involved = new Set(incidentServices);
  const called = new Set(edges.filter((e) => involved.has(e.from) && involved.has(e.to) && e.from !== e.to).map((e) => e.to));
  const service = incidentServices.find((s) => !called.has(s)) ?? incidentServices[0];
  return indicator ? { service, indicator } : { service };
}

const key = (row: { service: string; metric: string }) => `${row.service}\u0000${row.metric}`;

/** Window and baseline buckets → one series per (service, metric); cumulative counters become per-bucket increases. */
export function metricSeriesOf(window: readonly MetricBucketRow[], baseline: readonly MetricBucketRow[]): MetricSeries[] {
  const group = (rows: readonly MetricBucketRow[]) => {
    const map = new Map<string, { row: MetricBucketRow; points: TimedValue[] }>();
    for (const row of rows) {
      const entry = map.get(key(row)) ?? { row, points: [] };
      entry.points.push({ timeMillis: row.bucketMillis, value: row.value });
      map.set(key(row), entry);
    }
    return map;
  };
  const inWindow = group(window);
  const before = group(baseline);
  const series: MetricSeries[] = [];
  for (const [k, { row, points }] of inWindow) {
    const normal = before.get(k)?.points ?? [];
    const cumulative = row.kind === 'cumulative';
    series.push({
      service: row.service,
      metric: row.metric,
      statistic: row.kind === 'histogram' ? 'mean' : cumulative ? 'rate' : undefined,
      points: cumulative ? increases(points) : points,
      normal: cumulative ? increases(normal) : normal,
    });
  }
  return series;
}

/** Increase per bucket of a cumulative counter (a drop is a reset: the new value is the increase). */
function increases(points: readonly TimedValue[]): TimedValue[] {
  const sorted = [...points].sort((a, b) => a.timeMillis - b.timeMillis);
  const out: TimedValue[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const delta = sorted[i].value - sorted[i - 1].value;
    out.push({ timeMillis: sorted[i].timeMillis, value: delta >= 0 ? delta : sorted[i].value });
  }
  return out;
}

export function spanRecordsOf(rows: readonly SpanRow[]): SpanRecord[] {
  return rows.map((r) => ({
    traceId: r.traceId,
    spanId: r.spanId,
    parentSpanId: r.parentSpanId === '' ? null : r.parentSpanId,
    service: r.service,
    operation: r.operation,
    startUnixNano: r.startUnixNano,
    durationNanos: r.durationNanos,
    status: r.status,
  }));
}

export function logRecordsOf(rows: readonly LogRow[]): LogRecord[] {
  return rows.map((r) => ({ timeMillis: r.timeMillis, service: r.service, severity: r.severity, body: r.body, traceId: r.traceId || undefined }));
}

/** The detector's anomalies of the window, as signals the ranker already trusts. */
export function knownAnomaliesOf(anomalies: readonly Anomaly[], services: readonly string[] | null): KnownAnomaly[] {
  const wanted = services ? new Set(services) : null;
  const out: KnownAnomaly[] = [];
  for (const a of anomalies) {
    const service = serviceOf(a.labels);
    if (!service || (wanted && !wanted.has(service))) continue;
    out.push({ service, indicator: `anomaly:${a.metricName}`, startedAtMillis: a.timeUnixMs, score: a.score });
  }
  return out;
}
