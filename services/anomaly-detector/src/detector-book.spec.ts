import { makeDetectConfig } from '@vigil/detect';
import { DEFAULT_POLICY } from './anomaly-detector.config';
import { DetectorBook, type PartitionBook, type ScoreOutcome } from './detector-book';
import { decodeLogEntry, encodeLogEntry, type LogEntry, type LoggedSeries } from './series-checkpoint';
import { anomalyId, seriesKey } from './series-key';

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

describe('DetectorBook: tenants never share a series', () => {
  const FP = SERIES[0];
  const meta = (tenant: string) => ({ tenant, name: 'latency_ms', labels: [['service', 'checkout']] as [string, string][] });
  const points = (from: number, to: number, spikeAt?: number) => ({
    times: Float64Array.from({ length: to - from }, (_, k) => T0 + (from + k) * MINUTE),
    values: Float64Array.from({ length: to - from }, (_, k) => value(0, from + k) - (from + k >= 500 && (from + k) % 150 === 40 ? 60 : 0) + (from + k === spikeAt ? 60 : 0)),
  });

  it('two tenants sending the same series with different values get independent detectors and anomalies', () => {
    const book = newBook();
    const partition = book.ensure(0);
    const acme = book.record(partition, seriesKey('acme', FP), meta('acme'));
    const globex = book.record(partition, seriesKey('globex', FP), meta('globex'));
    expect(acme).not.toBe(globex);
    const outcome: ScoreOutcome = { anomalies: [], transitions: [], scored: 0 };
    const calm = points(0, 700);
    const spiky = points(0, 700, 600);
    book.score(acme, spiky.times, spiky.values, outcome);
    book.score(globex, calm.times, calm.values, outcome);
    expect(outcome.anomalies.map((a) => a.record.meta.tenant)).toEqual(['acme']);
    expect(outcome.anomalies[0].id).toBe(anomalyId('acme', FP, T0 + 600 * MINUTE));
    expect(outcome.transitions.every((t) => t.record === acme)).toBe(true); // alert episodes are per tenant too

    // Each tenant's state is what it would be alone.
    const alone = newBook();
    const lonePartition = alone.ensure(0);
    alone.score(alone.record(lonePartition, seriesKey('globex', FP), meta('globex')), calm.times, calm.values, { anomalies: [], transitions: [], scored: 0 });
    expect(Buffer.from(globex.detector.snapshot())).toEqual(Buffer.from(lonePartition.series.get(seriesKey('globex', FP))?.detector.snapshot() ?? []));
    const checkpoints = book.takeDirty(partition).map(([key]) => key);
    expect(checkpoints.sort()).toEqual([seriesKey('acme', FP), seriesKey('globex', FP)].sort());
  });

  it("a false-positive report from tenant A changes A's detector only", () => {
    const book = newBook();
    const partition = book.ensure(0);
    const a = book.record(partition, seriesKey('acme', FP), meta('acme'));
    const b = book.record(partition, seriesKey('globex', FP), meta('globex'));
    const history = points(0, 600);
    for (const record of [a, b]) book.score(record, history.times, history.values, { anomalies: [], transitions: [], scored: 0 });
    partition.pending.set(seriesKey('acme', FP), [{ id: 'fp-1', key: seriesKey('acme', FP) }]);
    const applied = book.applyPending(partition);
    expect(applied.feedback).toEqual([[seriesKey('acme', FP), 1, 'fp-1']]);
    expect(a.feedbackReports).toBe(1);
    expect(b.feedbackReports).toBe(0);
    expect(Buffer.from(a.detector.snapshot())).not.toEqual(Buffer.from(b.detector.snapshot()));
  });

  it('a report for a series not seen yet waits, applies before its first point, and replays the same way', () => {
    const book = newBook();
    const partition = book.ensure(0);
    const key = seriesKey('acme', FP);
    partition.pending.set(key, [{ id: 'fp-early', key }]);
    expect(book.applyPending(partition).feedback).toEqual([]); // the series is unknown: nothing applied, nothing dropped
    expect(partition.pending.has(key)).toBe(true);

    const record = book.record(partition, key, meta('acme'));
    const applied = book.applyPending(partition);
    expect(applied.refs).toEqual([`${key} fp-early`]);
    const first = points(0, 100);
    book.score(record, first.times, first.values, { anomalies: [], transitions: [], scored: 0 });
    const entry: LogEntry = { firstOffset: 0, lastOffset: 0, feedback: applied.feedback, series: [book.logged(record, first.times, first.values)] };

    const takeover = newBook().install(0, [], [['log/0', encodeLogEntry(entry)]], decodeLogEntry);
    const replayed = takeover.series.get(key);
    expect(replayed?.feedbackReports).toBe(1);
    expect(Buffer.from(replayed?.detector.snapshot() ?? [])).toEqual(Buffer.from(record.detector.snapshot()));
    expect(takeover.replayedReports.has(`${key} fp-early`)).toBe(true); // so the inbox copy is not applied twice
  });
});
