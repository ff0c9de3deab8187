import { create } from '@bufbuild/protobuf';
import { MetricType, SeriesSchema, Temporality } from '@vigil/contracts';
import { makeDetectConfig } from '@vigil/detect';
import { DEFAULT_POLICY } from '../anomaly-detector.config';
import { DetectorBook, type PartitionBook, type ScoreOutcome } from '../detector-book';
import { decodeLogEntry, encodeLogEntry } from '../series-checkpoint';
import { seriesKey } from '../series-key';
import type { SignalPoints } from './series-signal';

const T0 = Date.UTC(2026, 0, 1);
const KEY = seriesKey('acme', '00000000000000a1');
const META = { tenant: 'acme', name: 'vigil.span.calls', labels: [['service.name', 'gateway']] as [string, string][] };

/** Message `offset`: one delta count 20 s apart, ~100 req/min with a deterministic wobble. */
function message(offset: number) {
  const count = 30 + ((offset * 7919) % 11);
  return create(SeriesSchema, { tenant: 'acme', name: META.name, type: MetricType.SUM, monotonic: true, temporality: Temporality.DELTA, sampleTimesUnixMs: [T0 + offset * 20_000], sampleValues: [count] });
}

/** What the service does with one batch of messages for one series; returns the encoded log entry. */
function takeBatch(book: DetectorBook, partition: PartitionBook, offsets: number[], outcome: ScoreOutcome): Uint8Array {
  const record = book.record(partition, KEY, META);
  const series = [];
  for (const offset of offsets) {
    record.signal ??= book.newSignal({ kind: 'rate', cumulative: false });
    const finished: SignalPoints = { times: [], values: [] };
    if (!record.signal.take(offset, message(offset), finished)) continue;
    record.dirty = true;
    const times = Float64Array.from(finished.times);
    const values = Float64Array.from(finished.values);
    book.score(record, times, values, outcome);
    series.push(book.logged(record, times, values));
  }
  return encodeLogEntry({ firstOffset: offsets[0], lastOffset: offsets[offsets.length - 1], feedback: [], series });
}

const newBook = () => new DetectorBook(makeDetectConfig(), {}, [DEFAULT_POLICY]);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('a counter series across a takeover', () => {
  it('resumes the half-filled minute from checkpoint + log and counts a redelivered message once', () => {
    const reference = newBook();
    const refPartition = reference.ensure(0);
    const outcome: ScoreOutcome = { anomalies: [], transitions: [], scored: 0 };
    for (let b = 0; b < 40; b++) takeBatch(reference, refPartition, range(b * 10, b * 10 + 10), outcome);
    expect(outcome.scored).toBeGreaterThan(120); // one value per minute: 400 messages × 20 s

    // The first owner checkpoints after batch 20, logs batches 20–24 (batch 24 ends mid-minute), dies before committing 24.
    const first = newBook();
    const firstPartition = first.ensure(0);
    const sink: ScoreOutcome = { anomalies: [], transitions: [], scored: 0 };
    for (let b = 0; b < 20; b++) takeBatch(first, firstPartition, range(b * 10, b * 10 + 10), sink);
    const checkpoints = first.takeDirty(firstPartition);
    const log = range(20, 25).map((b) => takeBatch(first, firstPartition, range(b * 10, b * 10 + 10), sink));

    const second = newBook();
    const secondPartition = second.install(0, checkpoints, log.map((bytes, i) => [`log-${i}`, bytes]), decodeLogEntry);
    // Kafka redelivers batch 24 (never committed), then the rest follows.
    for (let b = 24; b < 40; b++) takeBatch(second, secondPartition, range(b * 10, b * 10 + 10), sink);

    const finalOf = (partition: PartitionBook) => {
      const record = partition.series.get(KEY);
      return { signal: record?.signal?.save(), detector: Buffer.from(record?.detector.snapshot() ?? []).toString('base64'), last: record?.lastMillis };
    };
    expect(finalOf(secondPartition)).toEqual(finalOf(refPartition));
  });
});
