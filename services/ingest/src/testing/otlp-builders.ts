/**
 * Builders of real OTLP and remote_write request bodies for tests and the benchmark, encoded
 * with the generated protobuf-es messages (an independent encoder from ingest's wire decoder).
 */
import { create, toBinary } from '@bufbuild/protobuf';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { ExportMetricsServiceRequestSchema } from '../gen/opentelemetry/proto/collector/metrics/v1/metrics_service_pb';
import { ExportTraceServiceRequestSchema } from '../gen/opentelemetry/proto/collector/trace/v1/trace_service_pb';
import type { KeyValueSchema } from '../gen/opentelemetry/proto/common/v1/common_pb';
import type { MetricSchema } from '../gen/opentelemetry/proto/metrics/v1/metrics_pb';
import type { SpanSchema } from '../gen/opentelemetry/proto/trace/v1/trace_pb';

type KeyValueInit = MessageInitShape<typeof KeyValueSchema>;

export function kv(key: string, value: string | number | boolean): KeyValueInit {
  if (typeof value === 'string') return { key, value: { value: { case: 'stringValue', value } } };
  if (typeof value === 'boolean') return { key, value: { value: { case: 'boolValue', value } } };
  return Number.isInteger(value) ? { key, value: { value: { case: 'intValue', value: BigInt(value) } } } : { key, value: { value: { case: 'doubleValue', value } } };
}

export const millisToNanos = (millis: number): bigint => BigInt(Math.round(millis)) * 1_000_000n;

/** One resource (with `service.name`) holding the given metrics. */
export function metricsRequest(service: string, metrics: MessageInitShape<typeof MetricSchema>[], resource: KeyValueInit[] = []): Uint8Array {
  return toBinary(
    ExportMetricsServiceRequestSchema,
    create(ExportMetricsServiceRequestSchema, {
      resourceMetrics: [{ resource: { attributes: [kv('service.name', service), ...resource] }, scopeMetrics: [{ scope: { name: 'test' }, metrics }] }],
    }),
  );
}

export function gauge(name: string, points: { attributes?: KeyValueInit[]; timeMillis: number; value: number }[]): MessageInitShape<typeof MetricSchema> {
  return {
    name,
    unit: '1',
    data: {
      case: 'gauge',
      value: { dataPoints: points.map((p) => ({ attributes: p.attributes ?? [], timeUnixNano: millisToNanos(p.timeMillis), value: { case: 'asDouble', value: p.value } })) },
    },
  };
}

export function spansRequest(service: string, spans: MessageInitShape<typeof SpanSchema>[]): Uint8Array {
  return toBinary(
    ExportTraceServiceRequestSchema,
    create(ExportTraceServiceRequestSchema, { resourceSpans: [{ resource: { attributes: [kv('service.name', service)] }, scopeSpans: [{ spans }] }] }),
  );
}

export function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}
