import { create } from '@bufbuild/protobuf';
import type { LogRecord } from '@vigil/contracts';
import { LogRecordSchema } from '@vigil/contracts';
import type { ExportLogsServiceRequest } from '../gen/opentelemetry/proto/collector/logs/v1/logs_service_pb';
import type { TimeWindow } from '../normalize/series-accumulator';
import { Rejections } from '../normalize/rejections';
import { anyValueText, serviceNameOf, toAttributes } from './otlp-attributes';

export interface DecodedLogs {
  readonly records: LogRecord[];
  readonly rejections: Rejections;
}

const NANOS_PER_MILLI = 1_000_000n;

/**
 * OTLP log records → `vigil.v1.LogRecord`s. A record without a time takes its observed time,
 * then the receive time (the OTLP spec allows either to be missing). Records outside the time
 * window or with malformed trace context are refused and counted.
 */
export function normaliseLogs(request: ExportLogsServiceRequest, tenant: string, window: TimeWindow, nowMillis: number): DecodedLogs {
  const rejections = new Rejections();
  const records: LogRecord[] = [];
  const now = BigInt(Math.floor(nowMillis)) * NANOS_PER_MILLI;
  const oldest = BigInt(Math.floor(nowMillis - window.maxPastMillis)) * NANOS_PER_MILLI;
  const newest = BigInt(Math.floor(nowMillis + window.maxFutureMillis)) * NANOS_PER_MILLI;
  for (const resourceLogs of request.resourceLogs) {
    const resourceKv = resourceLogs.resource?.attributes ?? [];
    const service = serviceNameOf(resourceKv);
    const resourceAttributes = toAttributes(resourceKv);
    for (const scopeLogs of resourceLogs.scopeLogs) {
      for (const record of scopeLogs.logRecords) {
        const time = record.timeUnixNano || record.observedTimeUnixNano || now;
        if (time < oldest || time > newest) {
          rejections.add(time < oldest ? 'timestamp_too_old' : 'timestamp_in_future', `log record at ${time} ns`);
          continue;
        }
        if (record.traceId.length !== 0 && record.traceId.length !== 16) {
          rejections.add('invalid_trace_id', `log record with a trace id of ${record.traceId.length} bytes`);
          continue;
        }
        if (record.spanId.length !== 0 && record.spanId.length !== 8) {
          rejections.add('invalid_span_id', `log record with a span id of ${record.spanId.length} bytes`);
          continue;
        }
        records.push(
          create(LogRecordSchema, {
            timeUnixNano: time,
            observedTimeUnixNano: record.observedTimeUnixNano || now,
            tenant,
            service,
            severityNumber: record.severityNumber,
            severityText: record.severityText,
            body: anyValueText(record.body),
            attributes: toAttributes(record.attributes),
            resourceAttributes,
            traceId: record.traceId,
            spanId: record.spanId,
            flags: record.flags,
            scopeName: scopeLogs.scope?.name ?? '',
          }),
        );
      }
    }
  }
  return { records, rejections };
}
