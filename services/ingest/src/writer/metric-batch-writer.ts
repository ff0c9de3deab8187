import { create } from '@bufbuild/protobuf';
import type { MessageBatch } from '@vigil/bus';
import type { MetricBatch } from '@vigil/contracts';
import { MetricBatchSchema } from '@vigil/contracts';
import type { MetricsRepository } from '@vigil/store';

/**
 * The insert deduplication token of a consumed batch: topic, partition and the offset range.
 * A retry of the same batch (same messages, in place or redelivered with the same boundaries)
 * carries the same token, and ClickHouse drops the blocks it already has (docs/decisions/096).
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

/** Writes one consumed metrics batch; resolves when the rows are durable in the store. */
export async function writeMetricBatch(repository: MetricsRepository, batch: MessageBatch<MetricBatch>): Promise<number> {
  const merged = mergeMetricBatches(batch);
  const report = await repository.insertMetricBatch(merged, { deduplicationToken: deduplicationToken(batch) });
  return report.samples + report.histograms + report.summaries;
}
