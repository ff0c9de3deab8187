import { Writable } from 'node:stream';
import { makeDetectConfig } from '@vigil/detect';
import { createLogger } from '@vigil/observability';
import { MemoryState, textValue } from '@vigil/state';
import { DEFAULT_POLICY } from './anomaly-detector.config';
import { DetectorBook, type ScoreOutcome } from './detector-book';
import { LegacyStateMigration } from './legacy-state.migration';
import { PartitionStateRepository } from './partition-state.repository';
import { decodeLogEntry, encodeLogEntry } from './series-checkpoint';
import { seriesKey } from './series-key';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);
const SERIES = [
  { fingerprint: '00000000000000a1', tenant: 'default' },
  { fingerprint: '00000000000000b2', tenant: 'acme' },
];
const quiet = () => createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const newBook = () => new DetectorBook(makeDetectConfig(), {}, [DEFAULT_POLICY]);
const value = (s: number, i: number) => 100 + 10 * s + ((Math.imul(i + 1, 2654435761) >>> 0) % 1000) / 250;

/**
 * State as the pre-160 detector wrote it: checkpoints and log keyed by fingerprint alone under
 * `anomaly-detector/p0/`, checkpoints up to point 300, the log after it, one inbox report.
 * Returns the detectors' snapshots after all points (what the converted state must hold).
 */
async function writeLegacy(state: MemoryState): Promise<Map<string, string>> {
  const book = newBook();
  const partition = book.ensure(0);
  const batch = (from: number, to: number) => {
    const logged = SERIES.map(({ fingerprint, tenant }, s) => {
      const record = book.record(partition, fingerprint, { tenant, name: 'latency_ms', labels: [['service', `svc${s}`]] });
      const times = Float64Array.from({ length: to - from }, (_, k) => T0 + (from + k) * MINUTE);
      const values = Float64Array.from({ length: to - from }, (_, k) => value(s, from + k));
      book.score(record, times, values, { anomalies: [], transitions: [], scored: 0 } as ScoreOutcome);
      return book.logged(record, times, values);
    });
    return encodeLogEntry({ firstOffset: from, lastOffset: to - 1, feedback: [], series: logged });
  };
  for (let from = 0; from < 300; from += 50) batch(from, from + 50);
  for (const [fingerprint, bytes] of book.takeDirty(partition)) await state.set(`anomaly-detector/p0/s/${fingerprint}`, bytes);
  for (let from = 300; from < 400; from += 50) await state.set(`anomaly-detector/p0/log/${String(from).padStart(16, '0')}`, batch(from, from + 50));
  await state.set('anomaly-detector/p0/inbox', textValue(JSON.stringify([{ id: 'fp-1', fingerprint: SERIES[1].fingerprint }, { id: 'fp-2', fingerprint: 'ffffffffffffffff' }])));
  return new Map(SERIES.map(({ fingerprint, tenant }) => [seriesKey(tenant, fingerprint), Buffer.from(partition.series.get(fingerprint)?.detector.snapshot() ?? []).toString('base64')]));
}

describe('LegacyStateMigration: fingerprint-keyed state becomes tenant-keyed without relearning', () => {
  it('converts checkpoints + log into tenant-keyed checkpoints holding every point, carries the inbox over, deletes the legacy keys', async () => {
    const state = await MemoryState.open();
    const expected = await writeLegacy(state);
    const repository = new PartitionStateRepository(state);
    await new LegacyStateMigration(repository, newBook(), quiet()).run(0, T0);

    const { log, checkpoints } = await repository.load(0);
    expect(log).toEqual([]);
    const installed = newBook().install(0, checkpoints, log, decodeLogEntry);
    expect(new Map([...installed.series].map(([key, record]) => [key, Buffer.from(record.detector.snapshot()).toString('base64')]))).toEqual(expected);
    expect(installed.series.get(seriesKey('acme', SERIES[1].fingerprint))?.lastMillis).toBe(T0 + 399 * MINUTE);
    // The report on a series with state keeps its tenant; one naming no known series cannot be placed.
    expect(await repository.inbox(0)).toEqual([{ id: 'fp-1', tenant: 'acme', fingerprint: SERIES[1].fingerprint, atMillis: T0 }]);
    expect(await state.scan('anomaly-detector/p0/')).toEqual([]);
    expect(await repository.migrated(0)).toBe(true);
    await state.close();
  });

  it('after a crash between the marker and the clean-up, a rerun only deletes the leftovers (newer state is kept)', async () => {
    const state = await MemoryState.open();
    await writeLegacy(state);
    const repository = new PartitionStateRepository(state);
    await repository.markMigrated(0);
    await state.set(`anomaly-detector/v2/p0/s/${seriesKey('acme', SERIES[1].fingerprint)}`, textValue('newer'));
    await new LegacyStateMigration(repository, newBook(), quiet()).run(0, T0);
    expect(await state.scan('anomaly-detector/p0/')).toEqual([]);
    expect((await repository.load(0)).checkpoints).toEqual([[seriesKey('acme', SERIES[1].fingerprint), textValue('newer')]]);
    await state.close();
  });

  it('does nothing on a partition without legacy state', async () => {
    const state = await MemoryState.open();
    const repository = new PartitionStateRepository(state);
    await new LegacyStateMigration(repository, newBook(), quiet()).run(0, T0);
    expect(await state.scan('')).toEqual([]);
    await state.close();
  });
});
