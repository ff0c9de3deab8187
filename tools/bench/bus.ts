/**
 * Bus throughput: packed metric messages through MemoryBus or KafkaBus, end to end.
 *
 *   npm run bench:bus                                  MemoryBus, 2M points, group of 3
 *   npm run bench:bus -- --bus kafka --brokers H:P     KafkaBus against a real broker
 *   npm run bench:bus -- --json                        one JSON object on stdout
 *
 * Producers pack points per partition as DESIGN.md says (one message per partition per send,
 * `--points-per-message` points of 24 bytes each, keyed by the first series' fingerprint); a
 * consumer group of `--members` counts points. Publish rate is until every send resolved (acks=all
 * on Kafka); end-to-end rate is until the group handled every point.
 */
import { Command } from 'commander';
import { SingleBar } from 'cli-progress';
import type { Bus, BusConsumer, OutgoingMessage, TopicHandler } from '@vigil/bus';
import { KafkaBus, MemoryBus, partitionForKey } from '@vigil/bus';

interface Options {
  bus: 'memory' | 'kafka';
  brokers: string;
  points: number;
  pointsPerMessage: number;
  series: number;
  partitions: number;
  members: number;
  inFlight: number;
  compression: 'snappy' | 'gzip' | 'none';
  json?: boolean;
}

const POINT_BYTES = 24; // fingerprint, timestamp, value: 8 bytes each, like a packed sample
const int = (v: string): number => parseInt(v, 10);

const opts = new Command()
  .name('bench:bus')
  .description('Publish packed metric points through a Bus adapter and consume them with a consumer group; prints points/s.')
  .option('--bus <kind>', 'memory or kafka', 'memory')
  .option('--brokers <list>', 'Kafka bootstrap brokers (with --bus kafka)', process.env.VIGIL_TEST_KAFKA_BROKERS ?? '127.0.0.1:9092')
  .option('--points <n>', 'points to send in total', int, 2_000_000)
  .option('--points-per-message <n>', 'points packed in one message', int, 500)
  .option('--series <n>', 'distinct series (fingerprints)', int, 20_000)
  .option('--partitions <n>', 'partitions of the bench topic', int, 12)
  .option('--members <n>', 'consumer group members', int, 3)
  .option('--in-flight <n>', 'concurrent publish calls', int, 8)
  .option('--compression <codec>', 'Kafka compression: snappy, gzip or none', 'snappy')
  .option('--json', 'print one JSON object on stdout and no progress bar')
  .parse()
  .opts<Options>();

/** Series fingerprints grouped by the partition Kafka's partitioner gives them. */
function seriesByPartition(): string[][] {
  const byPartition: string[][] = Array.from({ length: opts.partitions }, () => []);
  for (let i = 0; i < opts.series; i++) {
    const fingerprint = (0x1000000000000n + BigInt(i) * 7919n).toString(16).padStart(16, '0');
    byPartition[partitionForKey(fingerprint, opts.partitions)].push(fingerprint);
  }
  return byPartition;
}

/** One send: a message per partition, each holding `pointsPerMessage` points of its own series. */
function buildSends(byPartition: string[][]): OutgoingMessage[][] {
  const perSend = opts.partitions * opts.pointsPerMessage;
  const sends: OutgoingMessage[][] = [];
  let cursor = 0;
  for (let sent = 0; sent < opts.points; sent += perSend) {
    const send: OutgoingMessage[] = [];
    for (let partition = 0; partition < opts.partitions; partition++) {
      const series = byPartition[partition];
      const value = new Uint8Array(opts.pointsPerMessage * POINT_BYTES);
      const view = new DataView(value.buffer);
      for (let p = 0; p < opts.pointsPerMessage; p++) view.setFloat64(p * POINT_BYTES + 16, Math.sin(cursor + p));
      send.push({ key: series[cursor % series.length], value });
    }
    cursor++;
    sends.push(send);
  }
  return sends;
}

async function main(): Promise<void> {
  const bus: Bus =
    opts.bus === 'kafka'
      ? new KafkaBus({
          brokers: opts.brokers.split(','),
          clientId: 'bench-bus',
          compression: opts.compression,
          consumer: { heartbeatIntervalMillis: 500, maxWaitMillis: 100 },
          log: () => undefined, // members joining one by one make kafkajs log expected rebalance errors
        })
      : new MemoryBus();
  const topic = `bench.bus.${Date.now().toString(36)}`;
  await bus.ensureTopics([{ topic, partitions: opts.partitions }]);
  const sends = buildSends(seriesByPartition());
  const total = sends.length * opts.partitions * opts.pointsPerMessage;

  let consumed = 0;
  let done: () => void = () => undefined;
  const allConsumed = new Promise<void>((resolve) => (done = resolve));
  const handler: TopicHandler<number> = {
    topic,
    decode: (value) => value.byteLength / POINT_BYTES,
    handle: async (batch) => {
      for (const message of batch.messages) consumed += message.value;
      if (consumed >= total) done();
    },
  };
  const members: BusConsumer[] = [];
  for (let i = 0; i < opts.members; i++) {
    const member = bus.consumer({ groupId: `${topic}.group`, handlers: [handler as TopicHandler<unknown>] });
    await member.start();
    members.push(member);
  }
  // Warm up connections and the producer id before timing (the first sends are slow on Kafka).
  await bus.publish(`${topic}.warmup`, [{ key: 'warmup', value: new Uint8Array(8) }]);

  const bar = process.stderr.isTTY && !opts.json ? new SingleBar({ format: 'bus {bar} {percentage}% | {value}/{total} points', stream: process.stderr }) : undefined;
  bar?.start(total, 0);
  const progress = setInterval(() => bar?.update(consumed), 200);
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: opts.inFlight }, async () => {
      while (next < sends.length) await bus.publish(topic, sends[next++]);
    }),
  );
  const publishedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  await allConsumed;
  const endToEndSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(progress);
  bar?.update(consumed);
  bar?.stop();
  await Promise.all(members.map((member) => member.stop()));
  await bus.close();

  const bytes = total * POINT_BYTES;
  const result = {
    bus: opts.bus,
    compression: opts.bus === 'kafka' ? opts.compression : undefined,
    points: total,
    messages: sends.length * opts.partitions,
    pointsPerMessage: opts.pointsPerMessage,
    partitions: opts.partitions,
    members: opts.members,
    publishSeconds: +publishedSeconds.toFixed(3),
    endToEndSeconds: +endToEndSeconds.toFixed(3),
    publishPointsPerSecond: Math.round(total / publishedSeconds),
    endToEndPointsPerSecond: Math.round(total / endToEndSeconds),
    endToEndMegabytesPerSecond: +(bytes / endToEndSeconds / 1e6).toFixed(1),
  };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  console.log(`${opts.bus} bus: ${total.toLocaleString()} points in ${result.messages.toLocaleString()} messages of ${opts.pointsPerMessage}, ${opts.partitions} partitions, group of ${opts.members}`);
  console.log(`  publish     ${result.publishSeconds.toFixed(2)} s  ${result.publishPointsPerSecond.toLocaleString()} points/s`);
  console.log(`  end to end  ${result.endToEndSeconds.toFixed(2)} s  ${result.endToEndPointsPerSecond.toLocaleString()} points/s  (${result.endToEndMegabytesPerSecond} MB/s of payload)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
