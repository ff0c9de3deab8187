/**
 * @vigil/bus — the message bus port and its adapters.
 *
 * Belongs here: the `Bus` port (publish; consume as a group member with per-partition batches,
 * assign/revoke hooks, commit after success, retries, dead-lettering, trace propagation), its
 * adapters (`KafkaBus` on kafkajs, `MemoryBus` for embedded mode), Kafka's partitioner, and the
 * thin NestJS transport/publisher on top. Does not belong here: payload schemas (that is
 * `@vigil/contracts`), what a service does with a batch, logging (errors go to `onError`).
 */
export type {
  Bus,
  BusConsumer,
  BusErrorInfo,
  BusErrorListener,
  ConsumedMessage,
  ConsumerOptions,
  MessageBatch,
  MessageHeaders,
  OutgoingMessage,
  PartitionsListener,
  RetryPolicy,
  StopOptions,
  TopicHandler,
  TopicPartition,
  TopicSpec,
} from './bus.port';
export { murmur2, partitionForKey, toPositive } from './partitioner';
export { DEFAULT_RETRY } from './core/backoff';
export { DEAD_LETTER_TOPIC } from './core/dead-letter';
export { MemoryBus } from './memory/memory-bus';
export type { MemoryBusOptions } from './memory/memory-bus';
export { KafkaBus } from './kafka/kafka-bus';
export type { KafkaBusOptions, KafkaConsumerTuning } from './kafka/kafka-options';
export { BusTransport, BUS_TRANSPORT } from './nest/bus.transport';
export type { BusTransportOptions } from './nest/bus.transport';
export { BatchPattern, PARTITIONS_ASSIGNED, PARTITIONS_REVOKED } from './nest/batch-pattern.decorator';
export type { Decoder } from './nest/batch-pattern.decorator';
export { BusContext } from './nest/bus-context';
export { BUS, BusPublisher } from './nest/bus.publisher';
export { BusModule } from './nest/bus.module';
