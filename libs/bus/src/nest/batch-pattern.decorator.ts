import { EventPattern } from '@nestjs/microservices';

/** Pattern of the handler told which partitions this member gained: receives `TopicPartition[]`. */
export const PARTITIONS_ASSIGNED = 'vigil.bus:partitions-assigned';
/** Pattern of the handler told which partitions this member lost: receives `TopicPartition[]`. */
export const PARTITIONS_REVOKED = 'vigil.bus:partitions-revoked';

/** Turns a topic's bytes into its payload; a throw dead-letters the message. */
export type Decoder<T> = (bytes: Uint8Array) => T;

/** Extras `BusTransport` reads from a `@BatchPattern`. */
export interface BatchPatternExtras {
  readonly decode: Decoder<unknown>;
}

/**
 * Marks a controller method as the consumer of `topic`: it is called with a decoded
 * `MessageBatch` of one partition (and `@Ctx() BusContext`), and its batch is committed once the
 * returned promise resolves. An `@EventPattern` whose extras carry the decoder.
 */
export function BatchPattern<T>(topic: string, decode: Decoder<T>): MethodDecorator {
  const extras: BatchPatternExtras = { decode };
  return EventPattern(topic, extras);
}
