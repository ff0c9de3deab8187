import { TOPICS, createPayload, encodePayload } from '@vigil/contracts';
import type { OutgoingMessage } from '../bus.port';
import type { RawMessage } from './raw-message';

const utf8 = new TextEncoder();

/** The topic undecodable messages go to (key: the source topic, as DESIGN.md says). */
export const DEAD_LETTER_TOPIC = TOPICS.deadLetter;

/** Why and where a message failed, next to its original bytes. */
export interface DeadLetterCause {
  readonly sourceTopic: string;
  readonly partition: number;
  readonly groupId: string;
  readonly message: RawMessage;
  readonly error: unknown;
  readonly atMillis: number;
}

/** Builds the `vigil.deadletter.v1` message for one undecodable message. */
export function deadLetterMessage(cause: DeadLetterCause): OutgoingMessage {
  const { error, message } = cause;
  const reason = error instanceof Error ? error.message : String(error);
  const errorClass = error instanceof Error ? error.name || error.constructor.name : typeof error;
  const payload = createPayload(DEAD_LETTER_TOPIC, {
    sourceTopic: cause.sourceTopic,
    partition: cause.partition,
    offset: String(message.offset),
    key: message.key ?? (message.keyText === undefined ? new Uint8Array(0) : utf8.encode(message.keyText)),
    value: message.value,
    headers: Object.entries(message.headers).map(([key, value]) => ({ key, value: utf8.encode(value) })),
    reason,
    atUnixMs: cause.atMillis,
    consumerGroup: cause.groupId,
    errorClass,
  });
  return { key: cause.sourceTopic, value: encodePayload(DEAD_LETTER_TOPIC, payload) };
}
