import { create, toBinary, toJson } from '@bufbuild/protobuf';
import { BinaryWriter } from '@bufbuild/protobuf/wire';
import type { DescMessage } from '@bufbuild/protobuf';
import { ExportLogsServiceResponseSchema } from '../gen/opentelemetry/proto/collector/logs/v1/logs_service_pb';
import { ExportMetricsServiceResponseSchema } from '../gen/opentelemetry/proto/collector/metrics/v1/metrics_service_pb';
import { ExportTraceServiceResponseSchema } from '../gen/opentelemetry/proto/collector/trace/v1/trace_service_pb';
import type { OtlpEncoding } from '../decode/otlp-request';
import type { IngestOutcome } from '../ingest.pipeline';

export type OtlpSignal = 'metrics' | 'traces' | 'logs';

/**
 * OTLP/HTTP answers (OTLP spec, "OTLP/HTTP Response"): a 200 carries the Export*ServiceResponse
 * in the request's encoding, with `partial_success` when something was refused (or a warning
 * with 0 rejected); failures carry a google.rpc.Status with the reason.
 */
export function otlpSuccessBody(signal: OtlpSignal, outcome: IngestOutcome, encoding: OtlpEncoding): Buffer | string {
  const partial = outcome.rejected > 0 || outcome.message !== '';
  const errorMessage = outcome.message;
  const rejected = BigInt(outcome.rejected);
  switch (signal) {
    case 'metrics':
      return encode(ExportMetricsServiceResponseSchema, create(ExportMetricsServiceResponseSchema, partial ? { partialSuccess: { rejectedDataPoints: rejected, errorMessage } } : {}), encoding);
    case 'traces':
      return encode(ExportTraceServiceResponseSchema, create(ExportTraceServiceResponseSchema, partial ? { partialSuccess: { rejectedSpans: rejected, errorMessage } } : {}), encoding);
    case 'logs':
      return encode(ExportLogsServiceResponseSchema, create(ExportLogsServiceResponseSchema, partial ? { partialSuccess: { rejectedLogRecords: rejected, errorMessage } } : {}), encoding);
  }
}

function encode<Desc extends DescMessage>(schema: Desc, message: Parameters<typeof toBinary<Desc>>[1], encoding: OtlpEncoding): Buffer | string {
  return encoding === 'protobuf' ? Buffer.from(toBinary(schema, message)) : JSON.stringify(toJson(schema, message));
}

/** gRPC status codes for the HTTP statuses ingest answers (google.rpc.Code). */
const GRPC_CODE: Record<number, number> = { 400: 3, 401: 16, 413: 3, 415: 3, 429: 8, 503: 14 };

/** A google.rpc.Status (code = 1, message = 2) in the request's encoding. */
export function otlpStatusBody(status: number, message: string, encoding: OtlpEncoding): Buffer | string {
  const code = GRPC_CODE[status] ?? 2;
  if (encoding === 'json') return JSON.stringify({ code, message });
  return Buffer.from(new BinaryWriter().tag(1, 0).int32(code).tag(2, 2).string(message).finish());
}
