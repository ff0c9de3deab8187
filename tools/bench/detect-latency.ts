/**
 * End-to-end latency of anomaly-detector against real Kafka: the real service (startServices,
 * KafkaBus, Redis state when given, chDB in a temp folder) in this process; a producer publishing packed
 * metric batches at a steady rate; a consumer on `vigil.anomalies.v1`. Latency = time from the
 * publish call of a batch holding an injected spike to that spike's anomaly arriving on the topic.
 * Used by `npm run bench:detect` (tools/bench/detect.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { anomalyDetectorService, anomalyId } from '@vigil/anomaly-detector';
import { KafkaBus, partitionForKey, type OutgoingMessage } from '@vigil/bus';
import { loadConfig } from '@vigil/config';
import { MetricType, TOPICS, createPayload, decodePayload, encodePayload, fingerprintToHex, seriesFingerprintHex, type Anomaly, type PayloadInit } from '@vigil/contracts';
import { createLogger } from '@vigil/observability';
import { startServices } from '@vigil/runtime';
import { freePort } from '@vigil/testing';

export interface LatencyOptions {
  readonly brokers: readonly string[];
  /** Redis URL for the detector's state (distributed mode); memory state when undefined. */
  readonly redisUrl?: string;
  /** Points per second during the timed phase. */
  readonly pointsPerSecond: number;
  readonly series: number;
  readonly seconds: number;
  /** Reports progress lines (stderr); silent when undefined. */
  readonly progress?: (line: string) => void;
}

export interface LatencyResult {
  readonly points_per_s_target: number;
  readonly points_per_s_achieved: number;
  readonly series: number;
  readonly spikes_injected: number;
  readonly anomalies_received: number;
  /**
   * Copies of our spikes' anomalies beyond the first: other detector groups on the shared
   * cluster (a scale-out test, another bench) score our series too and publish the same
   * deterministic ids. Only the first arrival of an id is timed.
   */
  readonly duplicate_anomalies: number;
  readonly latency_ms_p50: number;
  readonly latency_ms_p95: number;
  readonly latency_ms_p99: number;
  readonly latency_ms_max: number;
  /**
   * From the metrics publish being acknowledged by Kafka to the anomaly on the topic: the
   * detector's own path (fetch, score, publish, log, commit) without the time the bench's own
   * producer queues a publish while it falls behind.
   */
  readonly ack_to_anomaly_ms_p50: number;
  readonly ack_to_anomaly_ms_p99: number;
  /** Event-loop delay of this process (producer, detector and collector) during the timed phase: CPU starvation shows here. */
  readonly event_loop_delay_ms_p99: number;
  /** CPU time of this process per 1,000 points published and scored in the timed phase (wall time under contention reads slow; this less so). */
  readonly cpu_ms_per_1000_points: number;
  /** The same publish pattern with a do-nothing consumer: what Kafka alone costs on this machine now. */
  readonly bus_only_latency_ms_p50: number;
  readonly bus_only_latency_ms_p99: number;
  /** 1-minute load average at the end (the machine is shared; figures scale with it). */
  readonly load_average_1m: number;
}

/**
 * Positions a group at the end of a topic. Right after a topic is created the broker may answer
 * "not the leader" for a moment (a retriable error): retried for up to 30 s.
 */
async function toEnd(admin: Admin, groupId: string, topic: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
      return;
    } catch (error) {
      if ((error as { retriable?: boolean }).retriable !== true || attempt >= 60) throw error;
      await sleep(500);
    }
  }
}

/**
 * Publish → consume latency of Kafka alone (a handler that only reads the send time), at the
 * same tick rate and message count as the timed phase, on a probe topic of its own.
 */
async function busOnlyLatency(bus: KafkaBus, admin: Admin, runId: string, partitions: number, seconds: number): Promise<number[]> {
  const topic = 'vigil.bench-probe.v1';
  const groupId = `bench-probe-${runId}`;
  await bus.ensureTopics([{ topic, partitions }]);
  await toEnd(admin, groupId, topic);
  const latencies: number[] = [];
  const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const consumer = bus.consumer({
    groupId,
    handlers: [{ topic, decode: (b) => b, handle: async (batch) => void latencies.push(...batch.messages.map((m) => performance.now() - view(m.value as Uint8Array).getFloat64(0))) }],
  });
  await consumer.start();
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let tick = 0; tick < (seconds * 1000) / TICK_MILLIS; tick++) {
    while (performance.now() - started < tick * TICK_MILLIS) await sleep(2);
    const messages = Array.from({ length: partitions }, (_, k) => {
      const value = new Uint8Array(4_000); // about the size of a packed batch of this rate
      view(value).setFloat64(0, performance.now());
      return { key: `probe-${tick}-${k}`, value };
    });
    inFlight.push(bus.publish(topic, messages));
  }
  await Promise.all(inFlight);
  const deadline = performance.now() + 5_000;
  while (latencies.length < inFlight.length * partitions && performance.now() < deadline) await sleep(100);
  await consumer.stop();
  return latencies.sort((a, b) => a - b);
}

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 1);
/** History each series gets before timing starts: enough for every detector to be calibrated. */
const HISTORY_POINTS = 560;
const POINTS_PER_MESSAGE = 500;
const TICK_MILLIS = 25;

function noise(seed: number, i: number): number {
  let x = Math.imul(i + 1, 2654435761) ^ Math.imul(seed + 1, 40503);
  x = (x ^ (x >>> 15)) >>> 0;
  return (x % 10_000) / 10_000 - 0.5;
}

type SeriesInit = NonNullable<PayloadInit<typeof TOPICS.metrics>['series']>[number];

const quantile = (sorted: readonly number[], q: number) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

export async function measureEndToEndLatency(options: LatencyOptions): Promise<LatencyResult> {
  const runId = Date.now().toString(36);
  const group = `bench-detect-${runId}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-bench-detect-'));
  const say = options.progress ?? (() => undefined);
  const fingerprints = Array.from({ length: options.series }, (_, s) => seriesFingerprintHex('bench_latency_ms', [{ name: 'instance', value: `i${s}` }, { name: 'run', value: runId }]));
  const mine = new Set(fingerprints);
  // A spike per series at a point of the timed phase, after the history.
  const spikeAt = fingerprints.map((_, s) => HISTORY_POINTS + 5 + Math.floor((s * 7919) % Math.max(1, Math.floor((options.pointsPerSecond * options.seconds) / options.series) - 10)));
  const value = (s: number, i: number) => 100 + (s % 50) + 2 * noise(s, i) + (i === spikeAt[s] ? 40 : 0);

  const admin = new Kafka({ clientId: 'bench-admin', brokers: [...options.brokers], logLevel: logLevel.NOTHING }).admin();
  const bus = new KafkaBus({ brokers: options.brokers, clientId: 'bench-detect', log: () => undefined });
  await admin.connect();
  const partitions = await bus.partitionCount(TOPICS.metrics);
  await toEnd(admin, group, TOPICS.metrics); // the shared topic's history is not ours
  await toEnd(admin, group, TOPICS.feedback);
  await toEnd(admin, `${group}-out`, TOPICS.anomalies);
  // The service's store writer is a group of its own: the shared topics' history is not ours either.
  await toEnd(admin, `${group}-store`, TOPICS.anomalies);
  await toEnd(admin, `${group}-store`, TOPICS.alerts);

  const sentAt = new Map<string, number>();
  const ackedAt = new Map<string, number>();
  const latencies: number[] = [];
  const fromAck: number[] = [];
  const arrived = new Set<string>();
  let duplicates = 0;
  const collector = bus.consumer({
    groupId: `${group}-out`,
    handlers: [
      {
        topic: TOPICS.anomalies,
        decode: (b) => decodePayload(TOPICS.anomalies, b),
        handle: async (batch) => {
          const now = performance.now();
          for (const message of batch.messages) {
            const anomaly = message.value as Anomaly;
            if (!mine.has(fingerprintToHex(anomaly.seriesFingerprint))) continue;
            const sent = sentAt.get(anomaly.id);
            if (sent === undefined) continue;
            if (arrived.has(anomaly.id)) {
              duplicates++;
              continue;
            }
            arrived.add(anomaly.id);
            latencies.push(now - sent);
            const acked = ackedAt.get(anomaly.id);
            if (acked !== undefined) fromAck.push(now - acked);
          }
        },
      },
    ],
  });
  const silent = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
  const config = loadConfig({
    overrides: {
      dataDir,
      // One handler per metrics partition (decision 161): the detector's recommended Kafka tuning.
      bus: { kind: 'kafka', brokers: [...options.brokers], clientId: 'bench-detector', consumer: { partitionsConsumedConcurrently: partitions } },
      state: options.redisUrl ? { kind: 'redis', url: options.redisUrl, keyPrefix: `bench-detect-${runId}:` } : { kind: 'memory' },
      listen: { ops: { port: await freePort() } },
      services: { 'anomaly-detector': { consumerGroup: group } },
    },
  });
  const vigil = await startServices({ config, services: [anomalyDetectorService], logger: silent });
  await collector.start();

  /** Packs (series, point) pairs into messages per partition; spike ids are stamped at publish. */
  const pack = (pairs: readonly [number, number][]): { messages: OutgoingMessage[]; spikes: string[] } => {
    const byPartition = new Map<number, Map<number, [number[], number[]]>>();
    const spikes: string[] = [];
    for (const [s, i] of pairs) {
      const p = partitionForKey(fingerprints[s], partitions);
      const bySeries = byPartition.get(p) ?? new Map<number, [number[], number[]]>();
      byPartition.set(p, bySeries);
      const points = bySeries.get(s) ?? [[], []];
      bySeries.set(s, points);
      points[0].push(T0 + i * MINUTE);
      points[1].push(value(s, i));
      if (i === spikeAt[s]) spikes.push(anomalyId('default', fingerprints[s], T0 + i * MINUTE));
    }
    const messages: OutgoingMessage[] = [];
    for (const bySeries of byPartition.values()) {
      const series: SeriesInit[] = [...bySeries].map(([s, [times, values]]) => ({
        fingerprint: BigInt(`0x${fingerprints[s]}`),
        tenant: 'default',
        name: 'bench_latency_ms',
        labels: [{ name: 'instance', value: `i${s}` }, { name: 'run', value: runId }],
        type: MetricType.GAUGE,
        sampleTimesUnixMs: times,
        sampleValues: values,
      }));
      messages.push({ key: fingerprints[[...bySeries.keys()][0]], value: encodePayload(TOPICS.metrics, createPayload(TOPICS.metrics, { series })) });
    }
    return { messages, spikes };
  };

  const lag = async () => {
    const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(TOPICS.metrics), admin.fetchOffsets({ groupId: group, topics: [TOPICS.metrics] })]);
    const at = new Map(committed[0].partitions.map((p) => [p.partition, Number(p.offset)]));
    return ends.reduce((sum, p) => sum + Math.max(0, Number(p.high) - (at.get(p.partition) ?? 0)), 0);
  };

  try {
    say(`history: ${options.series} series × ${HISTORY_POINTS} points, as fast as possible`);
    for (let i = 0; i < HISTORY_POINTS; i += 20) {
      const pairs: [number, number][] = [];
      for (let k = i; k < Math.min(HISTORY_POINTS, i + 20); k++) for (let s = 0; s < options.series; s++) pairs.push([s, k]);
      for (let c = 0; c < pairs.length; c += POINTS_PER_MESSAGE * partitions) await bus.publish(TOPICS.metrics, pack(pairs.slice(c, c + POINTS_PER_MESSAGE * partitions)).messages);
    }
    while ((await lag()) > 0) await sleep(500);

    say(`timed: ${options.pointsPerSecond.toLocaleString('en-US')} points/s for ${options.seconds} s`);
    const total = options.pointsPerSecond * options.seconds;
    const perTick = Math.round((options.pointsPerSecond * TICK_MILLIS) / 1000);
    // Every tick's messages are encoded before the clock starts: encoding them on the fly took
    // more CPU than the detector itself and made the bench's own producer fall behind.
    const ticks: { messages: OutgoingMessage[]; spikes: string[] }[] = [];
    for (let from = 0; from < total; from += perTick) {
      const pairs: [number, number][] = [];
      for (let k = from; k < Math.min(total, from + perTick); k++) pairs.push([k % options.series, HISTORY_POINTS + Math.floor(k / options.series)]);
      ticks.push(pack(pairs));
    }
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const cpuAtStart = process.cpuUsage();
    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    let next = 0;
    let spikes = 0;
    while (next < ticks.length) {
      const due = Math.min(ticks.length, Math.floor((performance.now() - started) / TICK_MILLIS) + 1);
      if (next >= due) {
        await sleep(TICK_MILLIS - ((performance.now() - started) % TICK_MILLIS));
        continue;
      }
      // Behind schedule (a stalled event loop), the ticks due are sent together, as before.
      const sending = ticks.slice(next, due);
      next = due;
      const messages = sending.flatMap((t) => t.messages);
      const ids = sending.flatMap((t) => t.spikes);
      const now = performance.now();
      for (const id of ids) sentAt.set(id, now);
      spikes += ids.length;
      inFlight.push(
        bus.publish(TOPICS.metrics, messages).then(() => {
          const acked = performance.now();
          for (const id of ids) ackedAt.set(id, acked);
        }),
      );
    }
    await Promise.all(inFlight);
    const elapsedSeconds = (performance.now() - started) / 1000;
    const deadline = performance.now() + 15_000;
    while (latencies.length < spikes && performance.now() < deadline) await sleep(100);
    loopDelay.disable();
    const cpu = process.cpuUsage(cpuAtStart);
    const sorted = [...latencies].sort((a, b) => a - b);
    const sortedFromAck = [...fromAck].sort((a, b) => a - b);
    const round = (x: number) => Math.round(x * 10) / 10;
    say('bus alone: the same publish pattern with a do-nothing consumer');
    const busOnly = await busOnlyLatency(bus, admin, runId, partitions, Math.min(5, options.seconds));
    return {
      points_per_s_target: options.pointsPerSecond,
      points_per_s_achieved: Math.round(total / elapsedSeconds),
      series: options.series,
      spikes_injected: spikes,
      anomalies_received: latencies.length,
      duplicate_anomalies: duplicates,
      latency_ms_p50: round(quantile(sorted, 0.5)),
      latency_ms_p95: round(quantile(sorted, 0.95)),
      latency_ms_p99: round(quantile(sorted, 0.99)),
      latency_ms_max: round(sorted[sorted.length - 1] ?? Number.NaN),
      ack_to_anomaly_ms_p50: round(quantile(sortedFromAck, 0.5)),
      ack_to_anomaly_ms_p99: round(quantile(sortedFromAck, 0.99)),
      event_loop_delay_ms_p99: round(loopDelay.percentile(99) / 1e6),
      cpu_ms_per_1000_points: round((cpu.user + cpu.system) / 1000 / (total / 1000)),
      bus_only_latency_ms_p50: round(quantile(busOnly, 0.5)),
      bus_only_latency_ms_p99: round(quantile(busOnly, 0.99)),
      load_average_1m: round(loadavg()[0]),
    };
  } finally {
    await collector.stop();
    await vigil.stop();
    await bus.close();
    await admin.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
