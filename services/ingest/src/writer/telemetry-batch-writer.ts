import { create } from '@bufbuild/protobuf';
import type { MessageBatch } from '@vigil/bus';
import type { LogBatch, MetricBatch, SpanBatch } from '@vigil/contracts';
import { LogBatchSchema, MetricBatchSchema, SpanBatchSchema } from '@vigil/contracts';
import type { LogsRepository, MetricsRepository, ServiceEdge, TracesRepository } from '@vigil/store';
import { EDGE_METRIC } from '../derive/service-edges';

/**
 * One consumed partition batch → one insert per table, with a deduplication token from topic,
 * partition and offset range. A retry of the same batch (same messages, in place or redelivered
 * with the same boundaries) carries the same token, and ClickHouse drops the blocks it already
 * has (docs/decisions/096).
 */
export function deduplicationToken(batch: MessageBatch<unknown>): string {
  const first = batch.messages[0].offset;
  const last = batch.messages[batch.messages.length - 1].offset;
  return `${batch.topic}/${batch.partition}/${first}-${last}`;
}

/** All series of a partition batch in one MetricBatch, so the store sees one large insert. */
export function mergeMetricBatches(batch: MessageBatch<MetricBatch>): MetricBatch {
  if (batch.messages.length === 1) return batch.messages[0].value;
  const series = [];
  for (const message of batch.messages) for (const s of message.value.series) series.push(s);
  return create(MetricBatchSchema, { series });
}

const MINUTE_MS = 60_000;

/**
 * Service-graph edges travel as `vigil.service.calls` series (client, server labels), so they
 * share the metrics path; the writer also rolls them into the store's edge table per minute.
 */
export function serviceEdgesOf(batch: MetricBatch): ServiceEdge[] {
  const edges = new Map<string, { tenant: string; minuteUnixMs: number; parentService: string; childService: string; calls: number }>();
  for (const series of batch.series) {
    if (series.name !== EDGE_METRIC) continue;
    const client = series.labels.find((l) => l.name === 'client')?.value;
    const server = series.labels.find((l) => l.name === 'server')?.value;
    if (!client || !server) continue;
    series.sampleTimesUnixMs.forEach((time, i) => {
      const minuteUnixMs = Math.floor(Number(time) / MINUTE_MS) * MINUTE_MS;
      const key = `${series.tenant}\u0000${client}\u0000${server}\u0000${minuteUnixMs}`;
      const edge = edges.get(key) ?? { tenant: series.tenant, minuteUnixMs, parentService: client, childService: server, calls: 0 };
      edge.calls += series.sampleValues[i];
      edges.set(key, edge);
    });
  }
  return [...edges.values()].map((edge) => ({ ...edge, errors: 0, durationNanosSum: 0n }));
}

export async function writeMetricBatch(metrics: MetricsRepository, traces: TracesRepository, batch: MessageBatch<MetricBatch>): Promise<number> {
  const merged = mergeMetricBatches(batch);
  const token = deduplicationToken(batch);
  const report = await metrics.insertMetricBatch(merged, { deduplicationToken: token });
  const edges = serviceEdgesOf(merged);
  if (edges.length > 0) await traces.insertServiceEdges(edges, { deduplicationToken: token });
  return report.samples + report.histograms + report.summaries;
}

export async function writeSpanBatch(traces: TracesRepository, batch: MessageBatch<SpanBatch>): Promise<number> {
  const spans = batch.messages.flatMap((m) => m.value.spans);
  return traces.insertSpanBatch(create(SpanBatchSchema, { spans }), { deduplicationToken: deduplicationToken(batch) });
}

export async function writeLogBatch(logs: LogsRepository, batch: MessageBatch<LogBatch>): Promise<number> {
  const records = batch.messages.flatMap((m) => m.value.records);
  return logs.insertLogBatch(create(LogBatchSchema, { records }), { deduplicationToken: deduplicationToken(batch) });
}
