import { makeDetectConfig } from '@vigil/detect';
import { DEFAULT_POLICY } from './anomaly-detector.config';
import { DetectorBook, type PartitionBook, type ScoreOutcome } from './detector-book';
import { decodeLogEntry, encodeLogEntry, type LogEntry, type LoggedSeries } from './series-checkpoint';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);
const SERIES = ['00000000000000a1', '00000000000000b2', '00000000000000c3'];

/** Noisy level with a spike every 150 points from point 500 on (deterministic). */
function value(series: number, i: number): number {
  let x = Math.imul(i + 1, 2654435761) ^ Math.imul(series + 7, 40503);
  x = (x ^ (x >>> 13)) >>> 0;
  const noise = (x % 1000) / 1000 - 0.5;
  return 100 + series * 20 + 4 * noise + (i >= 500 && i % 150 === 40 + series ? 60 : 0);
}

const newBook = () => new DetectorBook(makeDetectConfig(), {}, [DEFAULT_POLICY]);

/** Scores batches of `perBatch` points of every series, as the service does, returning the log entries. */
function scoreBatches(book: DetectorBook, partition: PartitionBook, from: number, to: number, perBatch: number, feedbackAt?: number) {
  const entries: Uint8Array[] = [];
  const events: string[] = [];
  for (let start = from; start < to; start += perBatch) {
    const feedback: [string, number][] = [];
    if (feedbackAt !== undefined && start <= feedbackAt && feedbackAt < start + perBatch) {
      const reports = book.falsePositive(partition, SERIES[0]);
      if (reports !== undefined) feedback.push([SERIES[0], reports]);
    }
    const outcome: ScoreOutcome = { anomalies: [], transitions: [], scored: 0 };
    const logged: LoggedSeries[] = [];
    SERIES.forEach((fingerprint, s) => {
      const record = book.record(partition, fingerprint, { tenant: 'default', name: 'latency_ms', labels: [['service', `svc${s}`]] });
      const n = Math.min(perBatch, to - start);
      const times = Float64Array.from({ length: n }, (_, k) => T0 + (start + k) * MINUTE);
      const values = Float64Array.from({ length: n }, (_, k) => value(s, start + k));
      book.score(record, times, values, outcome);
      logged.push(book.logged(record, times, values));
    });
    const entry: LogEntry = { firstOffset: start, lastOffset: start + perBatch - 1, feedback, series: logged };
    entries.push(encodeLogEntry(entry));
    events.push(...outcome.anomalies.map((a) => a.id), ...outcome.transitions.map((t) => `${t.state}:${t.record.fingerprint}:${t.atMillis}`));
  }
  return { entries, events };
}

const snapshots = (partition: PartitionBook) => SERIES.map((f) => Buffer.from(partition.series.get(f)?.detector.snapshot() ?? []).toString('base64'));

describe('DetectorBook: a takeover resumes, it does not relearn', () => {
  it('checkpoints + log replay reproduce the uninterrupted run: same state, same later anomalies and alerts', () => {
    const reference = newBook();
    const refPartition = reference.ensure(0);
    const full = scoreBatches(reference, refPartition, 0, 1000, 25, 620);
    expect(full.events.filter((e) => !e.includes(':')).length).toBeGreaterThan(3);
    expect(full.events.some((e) => e.startsWith('firing:'))).toBe(true);

    // The first owner compacts at point 400, logs batches up to 700 (feedback at 620 included), then dies.
    const first = newBook();
    const firstPartition = first.ensure(0);
    const before = scoreBatches(first, firstPartition, 0, 400, 25);
    const checkpoints = first.takeDirty(firstPartition);
    const after = scoreBatches(first, firstPartition, 400, 700, 25, 620);
    // Its last batch (675-699) is redelivered to the new owner although it was logged: logs are idempotent.
    const log = after.entries.map((bytes, i): [string, Uint8Array] => [`log/${i}`, bytes]);

    const second = newBook();
    const secondPartition = second.install(0, checkpoints, log, decodeLogEntry);
    expect(snapshots(secondPartition)).toEqual(snapshots(firstPartition));
    const resumed = scoreBatches(second, secondPartition, 675, 1000, 25);
    expect([...before.events, ...after.events, ...resumed.events]).toEqual(full.events);
    expect(snapshots(secondPartition)).toEqual(snapshots(refPartition));
    expect(secondPartition.series.get(SERIES[0])?.feedbackReports).toBe(1);
  });

  it('replaying a log over checkpoints that already include it changes nothing (feedback applied once)', () => {
    const book = newBook();
    const partition = book.ensure(0);
    const run = scoreBatches(book, partition, 0, 300, 50, 120);
    const checkpoints = book.takeDirty(partition);
    const again = newBook().install(0, checkpoints, run.entries.map((bytes, i): [string, Uint8Array] => [`log/${i}`, bytes]), decodeLogEntry);
    expect(snapshots(again)).toEqual(snapshots(partition));
    expect(again.series.get(SERIES[0])?.feedbackReports).toBe(1);
  });
});
