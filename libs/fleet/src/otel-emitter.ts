import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace, type Context } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { ExportResultCode, millisToHrTime, type ExportResult } from '@opentelemetry/core';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { LoggerProvider, type LogRecordProcessor, type SdkLogRecord } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, DataPointType, type GaugeMetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, type IdGenerator, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ValueType } from '@opentelemetry/api';
import type { FleetBatch, SimLog, SimPoint, SimSpan, SimSpanKind } from './telemetry';
import { serviceSpec } from './topology';

/**
 * Sends the fleet's telemetry the way a user's services do: spans started and ended through the
 * OpenTelemetry JS SDK's tracer, log records emitted through its logger, and all three signals
 * exported by the SDK's OTLP/HTTP protobuf exporters.
 *
 * Time is the simulator's, set explicitly: spans get start/end times, log records timestamps.
 * The SDK's MeterProvider stamps every collection with the wall clock and cannot be told
 * otherwise, so metric points are built as the SDK's own `ResourceMetrics` data (what a reader
 * hands its exporter) with the simulated times, and exported by the same OTLP exporter.
 */
export interface OtlpTarget {
  /** Base URL of ingest's OTLP/HTTP receiver, e.g. http://127.0.0.1:4318. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <key>`; omit for a loopback-anonymous ingest. */
  readonly apiKey?: string;
  readonly timeoutMillis?: number;
}

export interface ExportCounts {
  readonly spans: number;
  readonly points: number;
  readonly logs: number;
}

const SPAN_KINDS: Record<SimSpanKind, SpanKind> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
};
const SEVERITY: Record<SimLog['severity'], SeverityNumber> = {
  DEBUG: SeverityNumber.DEBUG,
  INFO: SeverityNumber.INFO,
  WARN: SeverityNumber.WARN,
  ERROR: SeverityNumber.ERROR,
};

/** Hands the SDK the ids the simulator chose, so traces stay deterministic from the seed. */
class PresetIds implements IdGenerator {
  traceId = '';
  spanId = '';
  generateTraceId(): string {
    return this.traceId;
  }
  generateSpanId(): string {
    return this.spanId;
  }
}

/** Keeps what the SDK finished until the next export (the exporter runs once per batch). */
class Collector<T> {
  items: T[] = [];
  take(): T[] {
    const out = this.items;
    this.items = [];
    return out;
  }
}

function resourceOf(service: string, version: string): Resource {
  const spec = serviceSpec(service);
  return resourceFromAttributes({
    'service.name': service,
    'service.version': version,
    'service.namespace': 'shop',
    'deployment.environment.name': 'demo',
    'telemetry.sdk.language': spec.language,
    'host.name': `${service}-0`,
  });
}

export class OtelFleetEmitter {
  private readonly ids = new PresetIds();
  private readonly spans = new Collector<ReadableSpan>();
  private readonly logRecords = new Collector<SdkLogRecord>();
  private readonly tracers = new Map<string, BasicTracerProvider>();
  private readonly loggers = new Map<string, LoggerProvider>();
  private readonly traceExporter: OTLPTraceExporter;
  private readonly metricExporter: OTLPMetricExporter;
  private readonly logExporter: OTLPLogExporter;

  constructor(target: OtlpTarget) {
    const headers: Record<string, string> = target.apiKey ? { Authorization: `Bearer ${target.apiKey}` } : {};
    const base = target.url.replace(/\/$/, '');
    const common = { headers, timeoutMillis: target.timeoutMillis ?? 10_000 };
    this.traceExporter = new OTLPTraceExporter({ ...common, url: `${base}/v1/traces` });
    this.metricExporter = new OTLPMetricExporter({ ...common, url: `${base}/v1/metrics` });
    this.logExporter = new OTLPLogExporter({ ...common, url: `${base}/v1/logs` });
  }

  /** Exports one batch; resolves when ingest accepted all of it, rejects with the exporter's error. */
  async export(batch: FleetBatch): Promise<ExportCounts> {
    for (const span of batch.spans) this.record(span);
    for (const log of batch.logs) this.emit(log);
    const spans = this.spans.take();
    const logs = this.logRecords.take();
    const sends: Promise<void>[] = [];
    if (spans.length > 0) sends.push(send((done) => this.traceExporter.export(spans, done), 'traces'));
    if (logs.length > 0) sends.push(send((done) => this.logExporter.export(logs, done), 'logs'));
    for (const resourceMetrics of toResourceMetrics(batch.points)) sends.push(send((done) => this.metricExporter.export(resourceMetrics, done), 'metrics'));
    await Promise.all(sends);
    return { spans: spans.length, points: batch.points.length, logs: logs.length };
  }

  async shutdown(): Promise<void> {
    await Promise.all([this.traceExporter.shutdown(), this.metricExporter.shutdown(), this.logExporter.shutdown()]);
  }

  private tracerProvider(service: string, version: string): BasicTracerProvider {
    const key = `${service}@${version}`;
    let provider = this.tracers.get(key);
    if (!provider) {
      const collect: SpanProcessor = {
        onStart: () => undefined,
        onEnd: (span) => void this.spans.items.push(span),
        forceFlush: async () => undefined,
        shutdown: async () => undefined,
      };
      provider = new BasicTracerProvider({ resource: resourceOf(service, version), idGenerator: this.ids, spanProcessors: [collect] });
      this.tracers.set(key, provider);
    }
    return provider;
  }

  private record(span: SimSpan): void {
    const tracer = this.tracerProvider(span.service, span.version).getTracer('@vigil/fleet');
    this.ids.traceId = span.traceId;
    this.ids.spanId = span.spanId;
    const parent = span.parentSpanId ? contextOf(span.traceId, span.parentSpanId) : ROOT_CONTEXT;
    const sdkSpan = tracer.startSpan(span.name, { kind: SPAN_KINDS[span.kind], startTime: span.startMillis, attributes: span.attributes }, parent);
    if (span.error) sdkSpan.setStatus({ code: SpanStatusCode.ERROR, message: 'request failed' });
    sdkSpan.end(span.endMillis);
  }

  private emit(log: SimLog): void {
    const key = `${log.service}@${log.version}`;
    let provider = this.loggers.get(key);
    if (!provider) {
      const collect: LogRecordProcessor = {
        onEmit: (record) => void this.logRecords.items.push(record as SdkLogRecord),
        forceFlush: async () => undefined,
        shutdown: async () => undefined,
      };
      provider = new LoggerProvider({ resource: resourceOf(log.service, log.version), processors: [collect] });
      this.loggers.set(key, provider);
    }
    provider.getLogger('@vigil/fleet').emit({
      timestamp: log.timeMillis,
      observedTimestamp: log.timeMillis,
      severityNumber: SEVERITY[log.severity],
      severityText: log.severity,
      body: log.body,
      attributes: log.attributes,
      context: log.traceId && log.spanId ? contextOf(log.traceId, log.spanId) : ROOT_CONTEXT,
    });
  }
}

function contextOf(traceId: string, spanId: string): Context {
  return trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: false });
}

/** Gauges grouped per (service, version) resource, in the SDK's metric data model. */
export function toResourceMetrics(points: readonly SimPoint[]): ResourceMetrics[] {
  const byResource = new Map<string, { service: string; version: string; metrics: Map<string, GaugeMetricData> }>();
  for (const point of points) {
    const key = `${point.service}@${point.version}`;
    let entry = byResource.get(key);
    if (!entry) byResource.set(key, (entry = { service: point.service, version: point.version, metrics: new Map() }));
    let metric = entry.metrics.get(point.name);
    if (!metric) {
      metric = {
        descriptor: { name: point.name, description: point.description, unit: point.unit, valueType: ValueType.DOUBLE },
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: DataPointType.GAUGE,
        dataPoints: [],
      };
      entry.metrics.set(point.name, metric);
    }
    const time = millisToHrTime(point.timeMillis);
    metric.dataPoints.push({ startTime: time, endTime: time, attributes: point.attributes, value: point.value });
  }
  return [...byResource.values()].map((entry) => ({
    resource: resourceOf(entry.service, entry.version),
    scopeMetrics: [{ scope: { name: '@vigil/fleet' }, metrics: [...entry.metrics.values()] }],
  }));
}

function send(exportWith: (done: (result: ExportResult) => void) => void, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    exportWith((result) => {
      if (result.code === ExportResultCode.SUCCESS) resolve();
      else reject(new Error(`OTLP ${what} export failed: ${result.error?.message ?? 'unknown error'}`, { cause: result.error }));
    });
  });
}
