/**
 * Root-cause cases from the demo fleet (@vigil/fleet): one simulated run per injected incident,
 * turned into the ranker's input the way Vigil sees it — spans, logs and resource gauges as
 * the fleet emits them, the LLM token series ingest derives from gen_ai spans, and the call graph
 * the topology declares. The symptom is left unknown (null): the ranker is not told which
 * service paged. Ground truth is returned beside the input and never passed to the ranker.
 */
import { FLEET_SERVICES, FleetSimulator, INCIDENTS, type FleetBatch, type IncidentSpec } from '@vigil/fleet';
import type { LogRecord, MetricSeries, RootCauseInput, ServiceEdge, SpanRecord, TimedValue } from '@vigil/insight';

const MINUTE = 60_000;
/** A quiet hour of normal behaviour before the window: the ranker's baseline. */
const NORMAL_MILLIS = 60 * MINUTE;
/** The window opens this long before the fault, so the change happens inside it. */
const LEAD_MILLIS = 15 * MINUTE;

export interface FleetCase {
  caseId: string;
  input: RootCauseInput;
  truth: { service: string; metric: string };
}

export interface FleetCaseOptions {
  seed: number;
  /** Requests per second at the gateway at peak (the demo uses more; a bench needs a few). */
  requestsPerSecond: number;
}

/** Incidents with a root cause to find (the flapping check's right answer is "no incident"). */
export function rankableIncidents(): IncidentSpec[] {
  return INCIDENTS.filter((i) => !i.expectNoIncident);
}

export function fleetEdges(): ServiceEdge[] {
  const edges = new Map<string, ServiceEdge>();
  for (const service of FLEET_SERVICES) {
    for (const operation of Object.values(service.operations)) {
      for (const call of operation.calls) edges.set(`${service.name}>${call.service}`, { from: service.name, to: call.service });
    }
  }
  return [...edges.values()];
}

/**
 * When on-call would be paged: halfway into the incident, at least 5 and at most 30 minutes in
 * (a slow leak is caught late, a burst early).
 */
export function detectionDelayMillis(spec: IncidentSpec): number {
  return Math.min(30 * MINUTE, Math.max(5 * MINUTE, spec.durationMillis / 2));
}

export function fleetCase(spec: IncidentSpec, options: FleetCaseOptions, epochMillis = Date.UTC(2026, 2, 3, 9, 0)): FleetCase {
  const start = epochMillis + NORMAL_MILLIS + LEAD_MILLIS;
  const detectedAtMillis = start + detectionDelayMillis(spec);
  const windowFrom = start - LEAD_MILLIS;
  const windowTo = detectedAtMillis + MINUTE;
  const simulator = new FleetSimulator({
    seed: options.seed,
    requestsPerSecond: options.requestsPerSecond,
    metricIntervalMillis: MINUTE,
    epochMillis,
    incidents: [{ spec, startMillis: start, endMillis: start + spec.durationMillis }],
  });
  const normal = simulator.generate(epochMillis, windowFrom);
  const window = simulator.generate(windowFrom, windowTo);
  const normalSeries = seriesOf(normal);
  const metrics = [...seriesOf(window).entries()].map(([key, s]) => ({ ...s, normal: normalSeries.get(key)?.points ?? [] }));
  return {
    caseId: spec.name,
    input: {
      symptom: null,
      detectedAtMillis,
      edges: fleetEdges(),
      metrics,
      spans: spansOf(window),
      normalSpans: spansOf(normal),
      logs: logsOf(window),
      normalLogs: logsOf(normal),
    },
    truth: { service: spec.rootCause.service, metric: spec.rootCause.metric },
  };
}

function spansOf(batch: FleetBatch): SpanRecord[] {
  return batch.spans.map((s) => ({
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId ?? null,
    service: s.service,
    operation: s.name,
    startUnixNano: BigInt(Math.round(s.startMillis * 1e6)),
    durationNanos: Math.round((s.endMillis - s.startMillis) * 1e6),
    status: s.error ? 'error' : 'ok',
  }));
}

function logsOf(batch: FleetBatch): LogRecord[] {
  return batch.logs.map((l) => ({ timeMillis: l.timeMillis, service: l.service, severity: l.severity, body: l.body, traceId: l.traceId }));
}

/**
 * Gauges per (service, name, attributes), plus per-minute LLM tokens per calling service as
 * ingest derives them from gen_ai spans (`vigil.gen_ai.tokens`, services/ingest/src/derive).
 */
function seriesOf(batch: FleetBatch): Map<string, MetricSeries> {
  const series = new Map<string, MetricSeries>();
  const add = (service: string, metric: string, statistic: string | undefined, point: TimedValue, sum: boolean) => {
    const key = `${service}\u0000${metric}\u0000${statistic ?? ''}`;
    let s = series.get(key);
    if (!s) {
      s = { service, metric, statistic, points: [] };
      series.set(key, s);
    }
    const last = s.points[s.points.length - 1];
    if (sum && last && last.timeMillis === point.timeMillis) last.value += point.value;
    else s.points.push(point);
  };
  for (const p of batch.points) {
    const statistic = Object.values(p.attributes).map(String).sort().join(',') || undefined;
    add(p.service, p.name, statistic, { timeMillis: p.timeMillis, value: p.value }, false);
  }
  const tokens = [...batch.spans].filter((s) => typeof s.attributes['gen_ai.usage.input_tokens'] === 'number').sort((a, b) => a.startMillis - b.startMillis);
  for (const s of tokens) {
    const value = Number(s.attributes['gen_ai.usage.input_tokens']) + Number(s.attributes['gen_ai.usage.output_tokens'] ?? 0);
    add(s.service, 'vigil.gen_ai.tokens', undefined, { timeMillis: Math.floor(s.startMillis / MINUTE) * MINUTE, value }, true);
  }
  return series;
}
