import type { Admin, Message, Producer } from 'kafkajs';
import { CompressionCodecs, CompressionTypes, Kafka, logLevel } from 'kafkajs';
import type { Bus, BusConsumer, ConsumerOptions, OutgoingMessage, TopicSpec } from '../bus.port';
import { sleep } from '../core/abortable';
import { DEAD_LETTER_TOPIC } from '../core/dead-letter';
import { headersWithTraceContext } from '../core/trace-context';
import { partitionForKey } from '../partitioner';
import { KafkaConsumer } from './kafka-consumer';
import type { KafkaBusOptions, KafkaConsumerTuning } from './kafka-options';
import { PublishCoalescer, type TopicMessages } from './publish-coalescer';
import { snappyCodec } from './snappy-codec';

// kafkajs ships only gzip; snappy is registered once per process.
CompressionCodecs[CompressionTypes.Snappy] = snappyCodec;

const COMPRESSION = { snappy: CompressionTypes.Snappy, gzip: CompressionTypes.GZIP, none: CompressionTypes.None } as const;
const LEVELS = { [logLevel.ERROR]: 'error', [logLevel.WARN]: 'warn', [logLevel.INFO]: 'info', [logLevel.DEBUG]: 'debug' } as const;

/** Bytes merged into one produce request: below the broker's default 1 MB `message.max.bytes`. */
const MAX_REQUEST_BYTES = 768 * 1024;
/** See KafkaBusOptions.sendTimeoutMillis. */
const DEFAULT_SEND_TIMEOUT_MILLIS = 45_000;

const DEFAULT_TUNING: Required<KafkaConsumerTuning> = {
  sessionTimeoutMillis: 30_000,
  heartbeatIntervalMillis: 3_000,
  rebalanceTimeoutMillis: 60_000,
  maxWaitMillis: 500,
  partitionsConsumedConcurrently: 4,
  maxBytesPerPartition: 4 * 1024 * 1024,
};

/**
 * The distributed bus: Apache Kafka through kafkajs 2.2.4. One idempotent producer per bus
 * (acks=all, so `publish` resolves only once every in-sync replica has the batch), compressed,
 * with Kafka's default partitioner pinned explicitly so keys land where MemoryBus and Java
 * clients put them. Consumers are group members with explicit commits after success.
 */
export class KafkaBus implements Bus {
  private readonly kafka: Kafka;
  private readonly consumers = new Set<KafkaConsumer>();
  private readonly partitionCounts = new Map<string, number>();
  private readonly tuning: Required<KafkaConsumerTuning>;
  private producer?: Promise<Producer>;
  /** One produce request per event-loop turn, acks=all, compressed. */
  private readonly coalescer = new PublishCoalescer<Message>(
    (topicMessages) => this.sendWithin(topicMessages, this.options.sendTimeoutMillis ?? DEFAULT_SEND_TIMEOUT_MILLIS),
    (message) => (message.value as Buffer).byteLength + (typeof message.key === 'string' ? message.key.length : 0) + 64,
    MAX_REQUEST_BYTES,
  );
  private admin?: Promise<Admin>;
  private closed = false;

  constructor(private readonly options: KafkaBusOptions) {
    const log = options.log;
    this.kafka = new Kafka({
      clientId: options.clientId ?? 'vigil',
      brokers: [...options.brokers],
      logLevel: log ? logLevel.WARN : logLevel.ERROR,
      logCreator: log
        ? () =>
            ({ namespace, level, log: entry }) =>
              log({ level: LEVELS[level as keyof typeof LEVELS] ?? 'info', namespace, message: entry.message })
        : undefined,
    });
    this.tuning = { ...DEFAULT_TUNING, ...options.consumer };
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('KafkaBus is closed');
    if (messages.length === 0) return;
    const trace = headersWithTraceContext(undefined); // in the caller's context, before coalescing
    await this.coalescer.publish(
      topic,
      messages.map((message) => ({
        key: message.key,
        value: Buffer.from(message.value.buffer, message.value.byteOffset, message.value.byteLength),
        headers: message.headers ? { ...trace, ...message.headers } : trace,
      })),
    );
  }

  async ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    if (topics.length === 0) return;
    const admin = await this.connectedAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((spec) => !existing.has(spec.topic));
    if (missing.length === 0) return;
    // kafkajs's own waitForLeaders gives up on UNKNOWN_TOPIC_OR_PARTITION, which a busy or
    // freshly started broker returns for a moment after creating a topic: we wait ourselves.
    await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((spec) => ({
        topic: spec.topic,
        numPartitions: spec.partitions,
        replicationFactor: this.options.replicationFactor ?? -1,
      })),
    });
    await this.untilLed(missing.map((spec) => spec.topic));
  }

  /** Waits until every partition of `topics` has a leader, so producers and groups can use them. */
  private async untilLed(topics: readonly string[], timeoutMillis = 30_000): Promise<void> {
    const admin = await this.connectedAdmin();
    const deadline = Date.now() + timeoutMillis;
    for (;;) {
      try {
        const { topics: found } = await admin.fetchTopicMetadata({ topics: [...topics] });
        if (found.length === topics.length && found.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
      } catch (error) {
        const retriable = (error as { retriable?: boolean }).retriable === true;
        if (!retriable || Date.now() > deadline) throw error;
      }
      if (Date.now() > deadline) throw new Error(`Topics ${topics.join(', ')} have no leaders after ${timeoutMillis} ms`);
      await sleep(100);
    }
  }

  async partitionCount(topic: string): Promise<number> {
    const known = this.partitionCounts.get(topic);
    if (known !== undefined) return known;
    await this.ensureTopics([{ topic, partitions: this.options.defaultPartitions ?? 12 }]);
    const admin = await this.connectedAdmin();
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    const count = metadata.topics[0]?.partitions.length ?? 0;
    if (count < 1) throw new Error(`Kafka reported no partitions for topic ${topic}`);
    this.partitionCounts.set(topic, count); // partition counts only grow, and Vigil never grows them
    return count;
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('KafkaBus is closed');
    const admin = await this.connectedAdmin();
    const cluster = await admin.describeCluster(); // a live request, unlike cached metadata
    if (cluster.brokers.length === 0) throw new Error('Kafka cluster reports no brokers');
  }

  consumer(options: ConsumerOptions): BusConsumer {
    if (this.closed) throw new Error('KafkaBus is closed');
    const consumer: KafkaConsumer = new KafkaConsumer(options, {
      kafka: this.kafka,
      tuning: this.tuning,
      publish: (topic, messages) => this.publish(topic, messages),
      prepareTopics: async (topics) => {
        const partitions = this.options.defaultPartitions ?? 12;
        await this.ensureTopics([...topics, DEAD_LETTER_TOPIC].map((topic) => ({ topic, partitions })));
      },
      forget: (member) => this.consumers.delete(member),
    });
    this.consumers.add(consumer);
    return consumer;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.consumers].map((consumer) => consumer.stop()));
    const [producer, admin] = [this.producer, this.admin];
    this.producer = this.admin = undefined;
    await Promise.all([producer?.then((p) => p.disconnect()), admin?.then((a) => a.disconnect())].map((p) => p?.catch(() => undefined)));
  }

  /**
   * One produce request, bounded in time. When it fails — kafkajs gave up retrying, or it is
   * still pending at the deadline — the producer it used is dropped and the next publish connects
   * a fresh one (a new producer id). Seen after a broker restart under load: kafkajs's idempotent
   * producer advances its sequence numbers for a request whose outcome it does not know, and
   * every later send to those partitions failed (or hung) from then on. The callers of the failed
   * request were told it is not confirmed, so the idempotence given up is theirs only.
   */
  private async sendWithin(topicMessages: TopicMessages<Message>[], timeoutMillis: number): Promise<void> {
    const producerPromise = this.connectedProducer();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Kafka did not confirm the produce request within ${timeoutMillis} ms`)), timeoutMillis);
    });
    const send = (async () => {
      const producer = await producerPromise;
      await producer.sendBatch({ topicMessages, acks: -1, compression: COMPRESSION[this.options.compression ?? 'snappy'] });
    })();
    send.catch(() => undefined); // a send that settles after the deadline has no one left to tell
    try {
      await Promise.race([send, deadline]);
    } catch (error) {
      if (this.producer === producerPromise) {
        this.producer = undefined;
        void producerPromise.then((p) => p.disconnect()).catch(() => undefined);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer({
        idempotent: true,
        // Explicit so kafkajs does not warn, and so the contract is visibly Kafka's own partitioner.
        createPartitioner:
          () =>
          ({ partitionMetadata, message }) =>
            partitionForKey(message.key ?? '', partitionMetadata.length),
      });
      await producer.connect();
      return producer;
    })();
    const connecting = this.producer;
    connecting.catch(() => {
      if (this.producer === connecting) this.producer = undefined; // retry on the next publish
    });
    return connecting;
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= (async () => {
      const admin = this.kafka.admin();
      await admin.connect();
      return admin;
    })();
    const connecting = this.admin;
    connecting.catch(() => {
      if (this.admin === connecting) this.admin = undefined;
    });
    return connecting;
  }
}
