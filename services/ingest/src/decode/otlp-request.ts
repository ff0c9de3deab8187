import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import { ExportLogsServiceRequestSchema } from '../gen/opentelemetry/proto/collector/logs/v1/logs_service_pb';
import { ExportMetricsServiceRequestSchema } from '../gen/opentelemetry/proto/collector/metrics/v1/metrics_service_pb';
import { ExportTraceServiceRequestSchema } from '../gen/opentelemetry/proto/collector/trace/v1/trace_service_pb';
import type { SeriesAccumulator, TimeWindow } from '../normalize/series-accumulator';
import { InputError } from './input-error';
import type { DecodedLogs } from './otlp-logs';
import { normaliseLogs } from './otlp-logs';
import { decodeOtlpMetricsWire } from './otlp-metrics.wire';
import { parseOtlpJson } from './otlp-json';
import type { DecodedSpans } from './otlp-traces';
import { normaliseSpans } from './otlp-traces';
import { WireFormatError } from './wire-reader';

/** OTLP/HTTP's two encodings (OTLP spec: binary protobuf and JSON protobuf). */
export type OtlpEncoding = 'protobuf' | 'json';

/** The encoding named by a Content-Type header, or a 415 naming the two accepted ones. */
export function otlpEncodingOf(contentType: string | undefined): OtlpEncoding {
  const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType === 'application/x-protobuf' || mediaType === 'application/protobuf') return 'protobuf';
  if (mediaType === 'application/json') return 'json';
  throw new InputError(415, 'unsupported_media_type', `Content-Type "${mediaType || '(none)'}" is not accepted; send application/x-protobuf or application/json`);
}

/** Warnings for the partial-success message (accepted data, but the sender should know). */
export type Warnings = string[];

/**
 * Metrics into `acc`. JSON is parsed by protobuf-es and re-encoded, so both encodings go
 * through the one fast wire decoder and one set of rules.
 */
export function decodeOtlpMetrics(body: Buffer, encoding: OtlpEncoding, acc: SeriesAccumulator): Warnings {
  let bytes: Uint8Array = body;
  const warnings: Warnings = [];
  if (encoding === 'json') {
    const parsed = parseOtlpJson(ExportMetricsServiceRequestSchema, body);
    warnings.push(...unknownFieldWarnings(parsed.unknownFields));
    bytes = toBinary(ExportMetricsServiceRequestSchema, parsed.message);
  }
  try {
    decodeOtlpMetricsWire(bytes, acc);
  } catch (cause) {
    if (cause instanceof WireFormatError) throw new InputError(400, 'malformed_protobuf', `not an OTLP ExportMetricsServiceRequest: ${cause.message}`);
    throw cause;
  }
  return warnings;
}

export function decodeOtlpTraces(body: Buffer, encoding: OtlpEncoding, tenant: string, window: TimeWindow, nowMillis: number): DecodedSpans & { warnings: Warnings } {
  const { message, warnings } = parseRequest(ExportTraceServiceRequestSchema, body, encoding);
  return { ...normaliseSpans(message, tenant, window, nowMillis), warnings };
}

export function decodeOtlpLogs(body: Buffer, encoding: OtlpEncoding, tenant: string, window: TimeWindow, nowMillis: number): DecodedLogs & { warnings: Warnings } {
  const { message, warnings } = parseRequest(ExportLogsServiceRequestSchema, body, encoding);
  return { ...normaliseLogs(message, tenant, window, nowMillis), warnings };
}

function parseRequest<Desc extends DescMessage>(schema: Desc, body: Buffer, encoding: OtlpEncoding): { message: MessageShape<Desc>; warnings: Warnings } {
  if (encoding === 'json') {
    const parsed = parseOtlpJson(schema, body);
    return { message: parsed.message, warnings: unknownFieldWarnings(parsed.unknownFields) };
  }
  try {
    return { message: fromBinary(schema, body), warnings: [] };
  } catch (cause) {
    throw new InputError(400, 'malformed_protobuf', `not an OTLP ${schema.name}: ${(cause as Error).message}`);
  }
}

function unknownFieldWarnings(fields: readonly string[]): Warnings {
  return fields.map((field) => `unknown field "${field}" ignored (OTLP receivers ignore unknown fields)`);
}
