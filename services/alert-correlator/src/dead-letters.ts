/**
 * Records for `vigil.deadletter.v1` written by the correlator itself, in the shape the bus
 * gives undecodable messages (libs/bus dead-letter.ts): the source topic, partition, offset,
 * key, original bytes and headers next to the reason and an error class, keyed by the source
 * topic. Two kinds: alerts that decode but cannot become an engine alert, and notifications
 * whose delivery ran out of retries.
 */
import type { ConsumedMessage, OutgoingMessage } from '@vigil/bus';
import { TOPICS, createPayload, encodePayload, type Alert } from '@vigil/contracts';

const utf8 = new TextEncoder();

/** A consumed alert with the bytes it was decoded from (a dead letter keeps the original). */
export interface AlertRecord {
  readonly alert: Alert;
  readonly bytes: Uint8Array;
}

/** The `@BatchPattern` decoder of `vigil.alerts.v1`: validates, and keeps the bytes. */
export function decodeAlertRecord(bytes: Uint8Array, decode: (bytes: Uint8Array) => Alert): AlertRecord {
  return { alert: decode(bytes), bytes };
}

interface DeadLetterInit {
  readonly sourceTopic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Uint8Array;
  readonly value: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
  readonly reason: string;
  readonly errorClass: string;
  readonly consumerGroup: string;
  readonly atMillis: number;
}

export function deadLetter(init: DeadLetterInit): OutgoingMessage {
  const record = createPayload(TOPICS.deadLetter, {
    sourceTopic: init.sourceTopic,
    partition: init.partition,
    offset: init.offset,
    key: init.key,
    value: init.value,
    headers: Object.entries(init.headers).map(([key, value]) => ({ key, value: utf8.encode(value) })),
    reason: init.reason,
    atUnixMs: init.atMillis,
    consumerGroup: init.consumerGroup,
    errorClass: init.errorClass,
  });
  return { key: init.sourceTopic, value: encodePayload(TOPICS.deadLetter, record) };
}

/** An alert message the engine refused (`error` says why: an invalid label name, an end before its start, …). */
export function unmappableAlert(message: ConsumedMessage<AlertRecord>, partition: number, consumerGroup: string, error: Error, atMillis: number): OutgoingMessage {
  return deadLetter({
    sourceTopic: TOPICS.alerts, partition, offset: String(message.offset), key: utf8.encode(message.key), value: message.value.bytes,
    headers: message.headers, reason: `unmappable alert: ${error.message}`, errorClass: error.name || 'Error', consumerGroup, atMillis,
  });
}

/** A notification whose delivery failed for good: the value lists the group's alert fingerprints. */
export function undeliveredNotification(init: { tenant: string; receiverKey: string; groupKey: string; fingerprints: readonly string[]; reason: string; consumerGroup: string; atMillis: number }): OutgoingMessage {
  return deadLetter({
    sourceTopic: TOPICS.alerts, partition: -1, offset: '0', key: utf8.encode(init.groupKey),
    value: utf8.encode(JSON.stringify({ tenant: init.tenant, receiverKey: init.receiverKey, groupKey: init.groupKey, alerts: init.fingerprints })),
    headers: {}, reason: `notify ${init.receiverKey}: ${init.reason}`, errorClass: 'NotificationFailed', consumerGroup: init.consumerGroup, atMillis: init.atMillis,
  });
}
