import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { KafkaBus, partitionForKey, type BusConsumer, type OutgoingMessage } from '@vigil/bus';
import { MetricType, TOPICS, createPayload, decodePayload, encodePayload, seriesFingerprintHex, type Anomaly, type PayloadInit } from '@vigil/contracts';
import { SeriesDetector, makeDetectConfig } from '@vigil/detect';
import { RedisState } from '@vigil/state';
import { engineSuite, freePort, waitFor } from '@vigil/testing';
import { anomalyId } from '../src';
import { DEFAULT_POLICY } from '../src/anomaly-detector.config';
import { DetectorBook } from '../src/detector-book';
import { PartitionStateRepository } from '../src/partition-state.repository';
import { decodeLogEntry } from '../src/series-checkpoint';

// Three anomaly-detector replicas as separate processes (test/detector-member.ts: the real
// runner, real Kafka, real Redis, each with its own chDB) in one consumer group over 10,000
// series. Half the stream is scored, one replica is SIGKILLed, the other half is published; the
// survivors take its partitions over from the Redis checkpoints + log. Checked against the pure
// library run in this process without any failover: same anomaly ids (none twice) and
// byte-identical detector state for every series (every point scored once, nothing relearnt).
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);
const BREADTH_SERIES = 9_940;
const BREADTH_POINTS = 24;
const DEEP_SERIES = 60;
const DEEP_POINTS = 700;
const POINTS_PER_MESSAGE = 500;
const MEMBER = join(__dirname, 'detector-member.ts');

interface TestSeries {
  readonly fingerprint: string;
  readonly name: string;
  readonly labels: { name: string; value: string }[];
  readonly points: number;
  readonly value: (i: number) => number;
}

function noise(seed: number, i: number): number {
  let x = Math.imul(i + 1, 2654435761) ^ Math.imul(seed + 1, 40503);
  x = (x ^ (x >>> 15)) >>> 0;
  return (x % 10_000) / 10_000 - 0.5;
}

function makeSeries(runId: string): TestSeries[] {
  const out: TestSeries[] = [];
  const add = (name: string, instance: number, points: number, value: (i: number) => number) => {
    const labels = [
      { name: 'instance', value: `i${instance}` },
      { name: 'run', value: runId },
    ];
    out.push({ fingerprint: seriesFingerprintHex(name, labels), name, labels, points, value });
  };
  for (let s = 0; s < DEEP_SERIES; s++) {
    const spikeAt = 480 + ((s * 37) % 200);
    const shiftAt = 520 + ((s * 53) % 150);
    add('it_latency_ms', s, DEEP_POINTS, (i) => 50 + s + 2 * noise(s, i) + (i === spikeAt ? 15 + (s % 5) * 5 : 0) + (s % 3 === 0 && i >= shiftAt ? 8 : 0));
  }
  for (let s = 0; s < BREADTH_SERIES; s++) add('it_requests', s, BREADTH_POINTS, (i) => 200 + (s % 100) + 10 * noise(s + 1_000, i));
  return out;
}

/** Messages holding points [from, to) of each series (as a share of its length), packed per partition. */
function pack(series: readonly TestSeries[], fromShare: number, toShare: number, partitions: number): OutgoingMessage[] {
  type SeriesInit = NonNullable<PayloadInit<typeof TOPICS.metrics>['series']>[number];
  type Packed = { fingerprint: string; points: number; init: SeriesInit };
  const byPartition = new Map<number, Packed[]>();
  for (const s of series) {
    const from = Math.floor(s.points * fromShare);
    const to = Math.floor(s.points * toShare);
    const times: number[] = [];
    const values: number[] = [];
    for (let i = from; i < to; i++) {
      times.push(T0 + i * MINUTE);
      values.push(s.value(i));
    }
    const part = partitionForKey(s.fingerprint, partitions);
    const list = byPartition.get(part) ?? [];
    list.push({ fingerprint: s.fingerprint, points: times.length, init: { fingerprint: BigInt(`0x${s.fingerprint}`), tenant: 'default', name: s.name, labels: s.labels, type: MetricType.GAUGE, sampleTimesUnixMs: times, sampleValues: values } });
    byPartition.set(part, list);
  }
  const messages: OutgoingMessage[] = [];
  for (const list of byPartition.values()) {
    let chunk: Packed[] = [];
    let points = 0;
    const flush = () => {
      if (chunk.length === 0) return;
      const batch = createPayload(TOPICS.metrics, { series: chunk.map((c) => c.init) });
      messages.push({ key: chunk[0].fingerprint, value: encodePayload(TOPICS.metrics, batch) });
      chunk = [];
      points = 0;
    };
    for (const s of list) {
      chunk.push(s);
      points += s.points;
      if (points >= POINTS_PER_MESSAGE) flush();
    }
    flush();
  }
  return messages;
}

/** The run without failover: the pure library over every point, in order. */
function reference(series: readonly TestSeries[]): { anomalies: Set<string>; snapshots: Map<string, string> } {
  const anomalies = new Set<string>();
  const snapshots = new Map<string, string>();
  for (const s of series) {
    const detector = new SeriesDetector();
    for (let i = 0; i < s.points; i++) {
      const t = T0 + i * MINUTE;
      if (detector.observe(t, s.value(i)).isAnomaly) anomalies.add(anomalyId('default', s.fingerprint, t));
    }
    snapshots.set(s.fingerprint, Buffer.from(detector.snapshot()).toString('base64'));
  }
  return { anomalies, snapshots };
}

engineSuite('anomaly-detector scale-out (3 processes, real Kafka + Redis, one SIGKILLed)', ['kafka', 'redis'], ({ kafka, redis }) => {
  const runId = Date.now().toString(36);
  const group = `anomaly-detector-it-${runId}`;
  const keyPrefix = `vigil-it-${runId}:`;
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-detector-scale-'));
  const admin = new Kafka({ clientId: 'it-admin', brokers: [kafka], logLevel: logLevel.NOTHING }).admin();
  const bus = new KafkaBus({ brokers: [kafka], clientId: 'it-scale-out' });
  const members: ChildProcess[] = [];
  const published: Anomaly[] = [];
  let collector: BusConsumer | undefined;

  /** Points the group has not consumed yet (our group only). */
  async function lag(): Promise<number> {
    const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(TOPICS.metrics), admin.fetchOffsets({ groupId: group, topics: [TOPICS.metrics] })]);
    const at = new Map(committed[0].partitions.map((p) => [p.partition, Number(p.offset)]));
    return ends.reduce((sum, p) => sum + Math.max(0, Number(p.high) - (at.get(p.partition) ?? 0)), 0);
  }

  async function startAtEnd(groupId: string, topic: string) {
    // On a fresh broker the topic may not exist yet (no runtime created it), and right after it is
    // created the broker may answer "not the leader" for a moment: create it, then retry.
    await admin.createTopics({ topics: [{ topic, numPartitions: 12 }], waitForLeaders: true }).catch(() => false);
    await waitFor(
      async () => {
        const ends = await admin.fetchTopicOffsets(topic);
        await admin.setOffsets({ groupId, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
        return true;
      },
      { timeoutMillis: 30_000, intervalMillis: 500, what: `${groupId} positioned at the end of ${topic}` },
    );
  }

  async function startMember(index: number): Promise<ChildProcess> {
    const overrides = {
      dataDir: join(dataDir, `member-${index}`),
      logLevel: 'warn',
      bus: { kind: 'kafka', brokers: [kafka], clientId: `it-detector-${index}` },
      state: { kind: 'redis', url: redis, keyPrefix },
      listen: { ops: { port: await freePort() } },
      services: { 'anomaly-detector': { consumerGroup: group } },
    };
    const child = spawn(process.execPath, ['-r', 'reflect-metadata', '-r', '@swc-node/register', MEMBER, JSON.stringify(overrides)], {
      env: { ...process.env, SWC_NODE_PROJECT: join(__dirname, '..', '..', '..', 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    members.push(child);
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`member ${index} exited with ${code} before it was ready`)));
    });
    return child;
  }

  afterAll(async () => {
    const running = members.filter((child) => child.exitCode === null && child.signalCode === null);
    for (const child of running) child.kill('SIGTERM');
    await Promise.all(running.map((child) => new Promise((resolve) => child.once('exit', resolve))));
    await collector?.stop();
    await bus.close();
    await admin.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('a SIGKILLed replica is taken over from its checkpoints: same anomalies, none twice, every point scored once', async () => {
    const series = makeSeries(runId);
    const mine = new Set(series.map((s) => s.fingerprint));
    await admin.connect();
    const partitions = await bus.partitionCount(TOPICS.metrics);
    // Other suites share these topics: what is on them already is not ours to score.
    await startAtEnd(group, TOPICS.metrics);
    await startAtEnd(group, TOPICS.feedback);
    await startAtEnd(`it-anomalies-${runId}`, TOPICS.anomalies);
    await startAtEnd(`${group}-store`, TOPICS.anomalies); // the members' store writer
    await startAtEnd(`${group}-store`, TOPICS.alerts);
    collector = bus.consumer({
      groupId: `it-anomalies-${runId}`,
      handlers: [
        {
          topic: TOPICS.anomalies,
          decode: (b) => decodePayload(TOPICS.anomalies, b),
          handle: async (batch) => void published.push(...batch.messages.map((m) => m.value as Anomaly).filter((a) => mine.has(a.seriesFingerprint.toString(16).padStart(16, '0')))),
        },
      ],
    });
    await collector.start();
    const starting = Promise.all([startMember(0), startMember(1), startMember(2)]);
    const expected = reference(series); // while the replicas boot in their own processes
    const [victim] = await starting;
    const startedAt = Date.now();
    expect(expected.anomalies.size).toBeGreaterThan(20);

    await bus.publish(TOPICS.metrics, pack(series, 0, 0.5, partitions));
    await waitFor(async () => (await lag()) === 0, { timeoutMillis: 30_000, intervalMillis: 250, what: 'the first half scored' });
    victim.kill('SIGKILL');
    await bus.publish(TOPICS.metrics, pack(series, 0.5, 1, partitions));
    // The broker notices the dead member after its session timeout (30 s), then the survivors take over.
    await waitFor(async () => (await lag()) === 0, { timeoutMillis: 70_000, intervalMillis: 500, what: 'the second half scored after the takeover' });
    await waitFor(() => published.length >= expected.anomalies.size, { timeoutMillis: 10_000, what: 'every anomaly on the topic' });

    process.stderr.write(`scale-out: ${series.length} series, ${published.length} anomalies, scored and taken over in ${Date.now() - startedAt} ms\n`);
    const ids = published.map((a) => a.id);
    expect(ids.length).toBe(new Set(ids).size); // none twice
    expect(new Set(ids)).toEqual(expected.anomalies);

    // Every point scored exactly once, the victim's series resumed rather than relearnt:
    // the state in Redis equals the uninterrupted run's, byte for byte, for all 10,000 series.
    const state = new RedisState({ url: redis, namespace: keyPrefix });
    try {
      const repository = new PartitionStateRepository(state);
      const book = new DetectorBook(makeDetectConfig(), {}, [DEFAULT_POLICY]);
      const differing: string[] = [];
      let seen = 0;
      for (let p = 0; p < partitions; p++) {
        const { log, checkpoints } = await repository.load(p);
        const partition = book.install(p, checkpoints, log, decodeLogEntry);
        for (const record of partition.series.values()) {
          if (!mine.has(record.fingerprint)) continue;
          seen++;
          if (Buffer.from(record.detector.snapshot()).toString('base64') !== expected.snapshots.get(record.fingerprint)) differing.push(record.fingerprint);
        }
      }
      expect(seen).toBe(series.length);
      expect(differing).toEqual([]);
    } finally {
      await state.close();
    }
  }, 150_000);
});
