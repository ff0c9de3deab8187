import type { Context } from '@opentelemetry/api';

/** Message headers as text. `traceparent`/`tracestate` carry W3C trace context. */
export type MessageHeaders = Readonly<Record<string, string>>;

/** One message to publish. */
export interface OutgoingMessage {
  /** Partitioning key (series fingerprint, trace id, ...): equal keys land on one partition, in order. */
  readonly key: string;
  /** Encoded payload (protobuf bytes from `@vigil/contracts`). */
  readonly value: Uint8Array;
  /** Extra headers; the bus adds `traceparent` from the active OpenTelemetry context if absent. */
  readonly headers?: MessageHeaders;
}

/** A partition of a topic. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** A consumed message whose value was decoded by the handler's decoder. */
export interface ConsumedMessage<T> {
  /** Key as UTF-8 text ('' when the producer sent none). */
  readonly key: string;
  /** Decoded payload. */
  readonly value: T;
  /** Offset within its partition. Kafka offsets are int64; JS numbers are exact up to 2^53. */
  readonly offset: number;
  /** Producer (or broker) timestamp, Unix milliseconds. */
  readonly timestampMillis: number;
  /** Headers as text. */
  readonly headers: MessageHeaders;
  /** Trace context the producer propagated (ROOT_CONTEXT when none), for links or child spans. */
  readonly traceContext: Context;
}

/**
 * What a handler receives: the decodable messages of one partition, in offset order. Messages
 * that failed to decode were already sent to the dead-letter topic and are not in `messages`.
 */
export interface MessageBatch<T> {
  readonly topic: string;
  readonly partition: number;
  /** Consumer group this batch is delivered to. */
  readonly groupId: string;
  /** Decoded messages, in offset order; never empty. */
  readonly messages: readonly ConsumedMessage<T>[];
  /** 1 on first delivery; higher when a failed handler is being retried in place. */
  readonly attempt: number;
}

/** How one topic's messages are decoded and handled within a consumer group member. */
export interface TopicHandler<T> {
  /** Topic to consume (a versioned constant from `@vigil/contracts`). */
  readonly topic: string;
  /** Turns bytes into a value. A throw sends the message to the dead-letter topic with the error as reason. */
  decode(value: Uint8Array): T;
  /**
   * Handles one partition's batch. Resolving means the effects are durable: only then is the
   * batch committed. A rejection is retried with backoff, then the batch is redelivered.
   */
  handle(batch: MessageBatch<T>): Promise<void>;
}

/** Handler retries before a batch is given back to the bus for redelivery. */
export interface RetryPolicy {
  /** Calls of the handler per delivery, first included (≥ 1). */
  readonly attempts: number;
  /** Wait before the second call; doubles per attempt (with ±20 % jitter). */
  readonly initialBackoffMillis: number;
  /** Upper bound of one wait. */
  readonly maxBackoffMillis: number;
}

/** Called with the partitions this member gained or lost; awaited before delivery goes on. */
export type PartitionsListener = (partitions: readonly TopicPartition[]) => Promise<void> | void;

/** Where an error the bus handled (retried, redelivered, reported) happened. */
export interface BusErrorInfo {
  readonly groupId: string;
  /** `handler`: a handler call failed; `dead-letter`: publishing dead letters failed;
   * `partitions-assigned`/`partitions-revoked`: a hook failed (delivery goes on);
   * `commit`: an offset commit failed (the batch will be redelivered);
   * `consumer`: the client itself failed (Kafka: it restarts and rejoins). */
  readonly stage: 'handler' | 'dead-letter' | 'partitions-assigned' | 'partitions-revoked' | 'commit' | 'consumer';
  readonly topic?: string;
  readonly partition?: number;
  /** Handler call number within this delivery (stage `handler`). */
  readonly attempt?: number;
  /** True when the batch will be delivered again rather than retried in place. */
  readonly willRedeliver: boolean;
}

/** Receives errors the bus dealt with; the bus never logs by itself (the service's logger does). */
export type BusErrorListener = (error: unknown, info: BusErrorInfo) => void;

/** Options of one consumer group member. */
export interface ConsumerOptions {
  /** Consumer group: members of one group split the partitions; each group sees every message. */
  readonly groupId: string;
  /** One handler per topic. */
  readonly handlers: readonly TopicHandler<unknown>[];
  /** Partitions just assigned to this member (load per-partition state here). */
  readonly onPartitionsAssigned?: PartitionsListener;
  /** Partitions taken from this member (checkpoint and drop per-partition state here). */
  readonly onPartitionsRevoked?: PartitionsListener;
  /** Where a group without a committed offset starts. Default 'earliest' (lose nothing). */
  readonly startFrom?: 'earliest' | 'latest';
  /** Handler retry policy; default 5 attempts, 100 ms doubling to 5 s. */
  readonly retry?: Partial<RetryPolicy>;
  /** Told about handler, hook and commit errors (which the bus retries or redelivers). */
  readonly onError?: BusErrorListener;
  /** Upper bound on messages per handler call (memory bus; Kafka bounds by bytes). Default 10 000. */
  readonly maxBatchMessages?: number;
}

/** Options of `BusConsumer.stop`. */
export interface StopOptions {
  /**
   * How long in-flight handlers may run to completion (and be committed) before the member
   * leaves anyway; their batches are then redelivered to another member. Default 10 s.
   */
  readonly drainTimeoutMillis?: number;
}

/** One member of a consumer group. */
export interface BusConsumer {
  /** Joins the group; resolves once the member received its first assignment. */
  start(): Promise<void>;
  /** Stops delivering a topic's partitions (all of them when `partitions` is omitted) — backpressure. */
  pause(topic: string, partitions?: readonly number[]): void;
  /** Undoes `pause`. */
  resume(topic: string, partitions?: readonly number[]): void;
  /** Partitions this member owns now. */
  assignment(): TopicPartition[];
  /** Commits what succeeded, runs revoke hooks, leaves the group. Idempotent. */
  stop(options?: StopOptions): Promise<void>;
}

/** Topic to create with its partition count. */
export interface TopicSpec {
  readonly topic: string;
  /** Partitions; fixed for the topic's life because keys map to partitions by count. */
  readonly partitions: number;
}

/**
 * The bus port: topics of partitioned, keyed, durable messages, consumed by groups with
 * at-least-once delivery. `KafkaBus` and `MemoryBus` implement the same semantics.
 */
export interface Bus {
  /**
   * Publishes messages to a topic, each to the partition of its key (Kafka's default
   * partitioner). Resolves once every message is durable (acks=all); rejects otherwise.
   */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  /** Creates topics that do not exist yet; existing ones are left unchanged. */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  /** Partition count of a topic (creating it with the default count if absent). */
  partitionCount(topic: string): Promise<number>;
  /** Resolves when the bus answers now (readiness for `/health`: Kafka asks the cluster); rejects otherwise. */
  ping(): Promise<void>;
  /** A new consumer group member; call `start()` to join. */
  consumer(options: ConsumerOptions): BusConsumer;
  /** Stops every consumer created here and releases connections. Idempotent. */
  close(): Promise<void>;
}
