/**
 * Reads the neutral root-cause case layout (../shared/data/README.md, `rca/`) into the pure
 * ranker's input. Truth is read by a separate function the ranker never sees.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  LogRecord,
  MetricSeries,
  RootCauseInput,
  ServiceEdge,
  SpanRecord,
  TimedValue,
} from '@vigil/insight';
import { parseCsv } from './csv';

export interface DataSet {
  dir: string;
  edges: ServiceEdge[];
  normalMetrics: Map<string, TimedValue[]>;
  normalSpans: SpanRecord[];
  normalLogs: LogRecord[];
  caseIds: string[];
}

export interface TruthEntry {
  service: string;
  metric: string | null;
}

export function openDataSet(dir: string): DataSet {
  const graphFile = join(dir, 'graph.csv');
  const edges = existsSync(graphFile)
    ? parseCsv(readFileSync(graphFile, 'utf8')).map((r) => ({ from: r.from, to: r.to }))
    : [];
  const normalDir = join(dir, 'normal');
  const normalMetrics = new Map<string, TimedValue[]>();
  for (const row of readCsvIfPresent(join(normalDir, 'metrics.csv'))) {
    const key = seriesKey(row);
    const list = normalMetrics.get(key) ?? [];
    list.push({ timeMillis: toMillis(row.timestamp), value: Number(row.value) });
    normalMetrics.set(key, list);
  }
  const casesDir = join(dir, 'cases');
  const caseIds = existsSync(casesDir)
    ? readdirSync(casesDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort(naturalCompare)
    : [];
  return {
    dir,
    edges,
    normalMetrics,
    normalSpans: readSpans(join(normalDir, 'spans.csv')),
    normalLogs: readLogs(join(normalDir, 'logs.csv')),
    caseIds,
  };
}

/** Everything the ranker may know about one case: never truth. */
export function readCase(dataSet: DataSet, caseId: string): RootCauseInput {
  const dir = join(dataSet.dir, 'cases', caseId);
  const meta = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as {
    detected_at?: number | string;
    symptom?: { service?: string; metric?: string | null; statistic?: string | null } | null;
  };
  const series = new Map<string, MetricSeries>();
  for (const row of readCsvIfPresent(join(dir, 'metrics.csv'))) {
    const key = seriesKey(row);
    let s = series.get(key);
    if (!s) {
      s = {
        service: row.service,
        metric: row.metric,
        statistic: row.statistic || undefined,
        points: [],
        normal: dataSet.normalMetrics.get(key) ?? [],
      };
      series.set(key, s);
    }
    const value = Number(row.value);
    if (row.value !== '' && Number.isFinite(value))
      s.points.push({ timeMillis: toMillis(row.timestamp), value });
  }
  const spans = readSpans(join(dir, 'spans.csv'));
  const logs = readLogs(join(dir, 'logs.csv'));
  const metrics = [...series.values()];
  const detectedAtMillis =
    meta.detected_at !== undefined && meta.detected_at !== null
      ? toMillis(String(meta.detected_at))
      : midpoint(metrics, spans, logs);
  const symptom = meta.symptom?.service
    ? { service: meta.symptom.service, indicator: meta.symptom.metric ?? undefined }
    : null;
  return {
    symptom,
    detectedAtMillis,
    edges: dataSet.edges,
    metrics,
    spans,
    normalSpans: dataSet.normalSpans,
    logs,
    normalLogs: dataSet.normalLogs,
  };
}

export function readTruth(dir: string): Record<string, TruthEntry> | null {
  const file = join(dir, 'truth.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, TruthEntry>) : null;
}

export function readSpans(file: string): SpanRecord[] {
  return readCsvIfPresent(file).map((r) => ({
    traceId: r.trace_id,
    spanId: r.span_id,
    parentSpanId: r.parent_span_id || null,
    service: r.service,
    operation: r.operation,
    startUnixNano: BigInt(r.start_unix_nano.split('.')[0]),
    durationNanos: Number(r.duration_ns),
    status: /err|fail|^2$/i.test(r.status) ? 'error' : /ok|^1$/i.test(r.status) ? 'ok' : 'unset',
  }));
}

export function readLogs(file: string): LogRecord[] {
  return readCsvIfPresent(file).map((r) => ({
    timeMillis: Number(BigInt(r.timestamp_unix_nano.split('.')[0]) / 1_000_000n),
    service: r.service,
    severity: r.severity,
    body: r.body,
    traceId: r.trace_id || undefined,
  }));
}

function readCsvIfPresent(file: string): Array<Record<string, string>> {
  return existsSync(file) ? parseCsv(readFileSync(file, 'utf8')) : [];
}

function seriesKey(row: Record<string, string>): string {
  return `${row.service}\u0000${row.metric}\u0000${row.statistic ?? ''}`;
}

/** Unix seconds (the layout's unit); tolerate milliseconds and ISO-8601 too. */
export function toMillis(timestamp: string): number {
  const n = Number(timestamp);
  if (Number.isFinite(n)) return n > 1e11 ? n : n * 1000;
  return Date.parse(timestamp);
}

function midpoint(metrics: MetricSeries[], spans: SpanRecord[], logs: LogRecord[]): number {
  const times = [
    ...metrics.flatMap((m) => m.points.map((p) => p.timeMillis)),
    ...spans.map((s) => Number(s.startUnixNano / 1_000_000n)),
    ...logs.map((l) => l.timeMillis),
  ];
  if (times.length === 0) return 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const t of times) {
    min = Math.min(min, t);
    max = Math.max(max, t);
  }
  return (min + max) / 2;
}

function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
