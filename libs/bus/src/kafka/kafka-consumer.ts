import { setMaxListeners } from 'node:events';
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { BusConsumer, ConsumerOptions, StopOptions, TopicHandler, TopicPartition, RetryPolicy } from '../bus.port';
import { sleep } from '../core/abortable';
import { backoffMillis, retryPolicy } from '../core/backoff';
import { BatchProcessor } from '../core/batch-processor';
import type { RawMessage } from '../core/raw-message';
import type { KafkaConsumerTuning } from './kafka-options';

const DEFAULT_DRAIN_MILLIS = 10_000;
const key = (tp: TopicPartition): string => `${tp.topic}\u0000${tp.partition}`;

/** What a consumer needs from its KafkaBus. */
export interface KafkaConsumerRuntime {
  readonly kafka: Kafka;
  readonly tuning: Required<KafkaConsumerTuning>;
  publish: ConstructorParameters<typeof BatchProcessor>[0]['publish'];
  /** Creates the consumed topics (and the dead-letter topic) if they are missing. */
  prepareTopics(topics: readonly string[]): Promise<void>;
  forget(consumer: KafkaConsumer): void;
}

/**
 * One consumer group member on kafkajs. kafkajs rebalances eagerly and reports the new
 * assignment after each join (GROUP_JOIN); we diff it against the previous one to run the
 * revoke hook for lost partitions and then the assign hook for new ones, and every batch waits
 * for those hooks. Offsets are committed explicitly after each successful batch
 * (autoCommit off); a batch that is not resolved is fetched again from the same offset.
 */
export class KafkaConsumer implements BusConsumer {
  private readonly handlers = new Map<string, TopicHandler<unknown>>();
  private readonly processor: BatchProcessor;
  private readonly retry: RetryPolicy;
  private readonly owned = new Map<string, TopicPartition>();
  /** Aborts in-flight handlers when the member is stopped without (or past) draining. */
  private readonly abandon = new AbortController();
  private hooks: Promise<void> = Promise.resolve();
  private consumer?: Consumer;
  private joined?: () => void;
  private stopped?: Promise<void>;
  private readonly failuresInARow = new Map<string, number>();

  constructor(
    private readonly options: ConsumerOptions,
    private readonly runtime: KafkaConsumerRuntime,
  ) {
    for (const handler of options.handlers) {
      if (this.handlers.has(handler.topic)) throw new Error(`Two handlers for topic ${handler.topic} in group ${options.groupId}`);
      this.handlers.set(handler.topic, handler);
    }
    this.retry = retryPolicy(options.retry);
    this.processor = new BatchProcessor({ groupId: options.groupId, retry: this.retry, publish: runtime.publish, onError: options.onError });
  }

  async start(): Promise<void> {
    if (this.consumer) throw new Error(`Consumer of group ${this.options.groupId} was already started`);
    const { tuning } = this.runtime;
    const topics = [...this.handlers.keys()];
    // Every in-flight batch listens on the abandon signal: more than Node's default 10 is expected, not a leak.
    setMaxListeners(tuning.partitionsConsumedConcurrently + 10, this.abandon.signal);
    await this.runtime.prepareTopics(topics);
    const consumer = this.runtime.kafka.consumer({
      groupId: this.options.groupId,
      sessionTimeout: tuning.sessionTimeoutMillis,
      heartbeatInterval: tuning.heartbeatIntervalMillis,
      rebalanceTimeout: tuning.rebalanceTimeoutMillis,
      maxWaitTimeInMs: tuning.maxWaitMillis,
      maxBytesPerPartition: tuning.maxBytesPerPartition,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    const firstJoin = new Promise<void>((resolve) => (this.joined = resolve));
    consumer.on(consumer.events.GROUP_JOIN, (event) => this.onJoin(event.payload.memberAssignment));
    consumer.on(consumer.events.CRASH, (event) =>
      this.options.onError?.(event.payload.error, { groupId: this.options.groupId, stage: 'consumer', willRedeliver: true }),
    );
    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: (this.options.startFrom ?? 'earliest') === 'earliest' });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: tuning.partitionsConsumedConcurrently,
        eachBatch: (payload) => this.eachBatch(payload),
      });
      await firstJoin;
    } catch (error) {
      await consumer.disconnect().catch(() => undefined); // leave no half-joined member behind
      throw error;
    }
  }

  pause(topic: string, partitions?: readonly number[]): void {
    this.consumer?.pause([{ topic, partitions: partitions ? [...partitions] : undefined }]);
  }

  resume(topic: string, partitions?: readonly number[]): void {
    this.consumer?.resume([{ topic, partitions: partitions ? [...partitions] : undefined }]);
  }

  assignment(): TopicPartition[] {
    return [...this.owned.values()];
  }

  stop(options: StopOptions = {}): Promise<void> {
    this.stopped ??= this.shutdown(options.drainTimeoutMillis ?? DEFAULT_DRAIN_MILLIS);
    return this.stopped;
  }

  private async shutdown(drainMillis: number): Promise<void> {
    const consumer = this.consumer;
    if (consumer) {
      // kafkajs waits for in-flight batches before leaving the group; past the drain time we
      // abandon them (uncommitted, so another member gets them after the rebalance).
      const timer = setTimeout(() => this.abandon.abort(), drainMillis);
      if (drainMillis <= 0) this.abandon.abort();
      try {
        await consumer.disconnect();
      } finally {
        clearTimeout(timer);
      }
      await this.hooks;
      const lost = [...this.owned.values()];
      this.owned.clear();
      if (lost.length > 0) await this.runHook('partitions-revoked', lost);
    }
    this.runtime.forget(this);
  }

  private onJoin(memberAssignment: Record<string, number[]>): void {
    const next = new Map<string, TopicPartition>();
    for (const [topic, partitions] of Object.entries(memberAssignment)) {
      for (const partition of partitions) next.set(key({ topic, partition }), { topic, partition });
    }
    const lost = [...this.owned].filter(([k]) => !next.has(k)).map(([, tp]) => tp);
    const gained = [...next].filter(([k]) => !this.owned.has(k)).map(([, tp]) => tp);
    this.owned.clear();
    for (const [k, tp] of next) this.owned.set(k, tp);
    this.hooks = this.hooks.then(async () => {
      if (lost.length > 0) await this.runHook('partitions-revoked', lost);
      if (gained.length > 0) await this.runHook('partitions-assigned', gained);
      this.joined?.();
    });
  }

  private async eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    await this.hooks;
    const tp = { topic: batch.topic, partition: batch.partition };
    const handler = this.handlers.get(batch.topic);
    if (!handler || !this.owned.has(key(tp)) || !isRunning() || isStale() || this.abandon.signal.aborted) return;
    if (batch.messages.length === 0) {
      resolveOffset(batch.lastOffset()); // only control records (transactions): skip them
      return;
    }
    const raws = batch.messages.map(toRaw);
    const outcome = await this.processor.process(handler, batch.partition, raws, {
      signal: this.abandon.signal,
      heartbeat: { run: heartbeat, everyMillis: this.runtime.tuning.heartbeatIntervalMillis },
    });
    if (outcome === 'abandoned' || this.abandon.signal.aborted) return;
    if (outcome === 'failed') {
      // Not resolved: kafkajs fetches the same offsets again. Back off first, growing while it fails.
      const failures = (this.failuresInARow.get(key(tp)) ?? 0) + 1;
      this.failuresInARow.set(key(tp), failures);
      await sleep(backoffMillis(this.retry, this.retry.attempts + failures - 1), this.abandon.signal);
      return;
    }
    this.failuresInARow.delete(key(tp));
    const next = String(Number(batch.lastOffset()) + 1);
    try {
      await this.consumer?.commitOffsets([{ ...tp, offset: next }]);
      resolveOffset(batch.lastOffset());
    } catch (error) {
      // Typically a rebalance took the partition away: its new owner gets the batch again.
      this.options.onError?.(error, { groupId: this.options.groupId, stage: 'commit', ...tp, willRedeliver: true });
    }
  }

  private async runHook(stage: 'partitions-assigned' | 'partitions-revoked', partitions: readonly TopicPartition[]): Promise<void> {
    const hook = stage === 'partitions-assigned' ? this.options.onPartitionsAssigned : this.options.onPartitionsRevoked;
    try {
      await hook?.(partitions);
    } catch (error) {
      this.options.onError?.(error, { groupId: this.options.groupId, stage, willRedeliver: false });
    }
  }
}

function toRaw(message: KafkaMessage): RawMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) headers[name] = typeof first === 'string' ? first : first.toString('utf8');
  }
  return {
    key: message.key,
    value: message.value ?? new Uint8Array(0),
    offset: Number(message.offset),
    timestampMillis: Number(message.timestamp),
    headers,
  };
}
