import type { MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { DecodeError } from './decode-error';
import type { Topic } from './topics';
import { TOPIC_SCHEMAS, isTopic } from './topics';
import { PAYLOAD_CHECKS } from './validate';

/** The decoded payload type of a topic, e.g. `Payload<'vigil.metrics.v1'>` is `MetricBatch`. */
export type Payload<T extends Topic> = MessageShape<(typeof TOPIC_SCHEMAS)[T]>;

/** What `createPayload` accepts for a topic: a partial plain object, nested messages included. */
export type PayloadInit<T extends Topic> = MessageInitShape<(typeof TOPIC_SCHEMAS)[T]>;

/** Builds a topic's payload message from a plain object, filling defaults (protobuf-es `create`). */
export function createPayload<T extends Topic>(topic: T, init: PayloadInit<T>): Payload<T> {
  // The casts bridge TypeScript's inability to correlate T across the schema lookup.
  return create(TOPIC_SCHEMAS[topic] as never, init as never) as Payload<T>;
}

/**
 * Serialises a payload for `topic`. It does not validate: producers build messages with
 * `createPayload` and consumers validate on decode, so a bad message is caught exactly once.
 */
export function encodePayload<T extends Topic>(topic: T, payload: Payload<T>): Uint8Array {
  return toBinary(TOPIC_SCHEMAS[topic] as never, payload as never);
}

/**
 * Parses and validates a payload read from `topic`. Throws `DecodeError` with failure
 * `unknown-topic`, `malformed` (not protobuf of that message) or `invalid` (an invariant of the
 * .proto comments is broken). Unknown fields are kept, so newer producers do not break older
 * consumers.
 */
export function decodePayload<T extends Topic>(topic: T, bytes: Uint8Array): Payload<T>;
export function decodePayload(topic: string, bytes: Uint8Array): Payload<Topic>;
export function decodePayload(topic: string, bytes: Uint8Array): Payload<Topic> {
  if (!isTopic(topic)) throw new DecodeError(topic, 'unknown-topic', `"${topic}" is not a Vigil topic`);
  let message: Payload<Topic>;
  try {
    message = fromBinary(TOPIC_SCHEMAS[topic] as never, bytes) as Payload<Topic>;
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    throw new DecodeError(topic, 'malformed', detail, { cause });
  }
  const problem = (PAYLOAD_CHECKS[topic] as (payload: Payload<Topic>) => string | undefined)(message);
  if (problem !== undefined) throw new DecodeError(topic, 'invalid', problem);
  return message;
}

/** Encoder and decoder of one topic, for code that handles a topic chosen at wiring time. */
export interface TopicCodec<T extends Topic> {
  /** The versioned topic name. */
  readonly topic: T;
  /** See `encodePayload`. */
  encode(payload: Payload<T>): Uint8Array;
  /** See `decodePayload`; throws `DecodeError`. */
  decode(bytes: Uint8Array): Payload<T>;
}

/** The codec of `topic`. */
export function topicCodec<T extends Topic>(topic: T): TopicCodec<T> {
  return {
    topic,
    encode: (payload) => encodePayload(topic, payload),
    decode: (bytes) => decodePayload(topic, bytes),
  };
}
