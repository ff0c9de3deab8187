import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { BusErrorListener, ConsumedMessage, MessageBatch, OutgoingMessage, RetryPolicy, TopicHandler } from '../bus.port';
import { AbortedError, sleep, untilAborted } from './abortable';
import { backoffMillis } from './backoff';
import { DEAD_LETTER_TOPIC, deadLetterMessage } from './dead-letter';
import type { RawMessage } from './raw-message';
import { producerLinks, traceContextOf } from './trace-context';

const tracer = trace.getTracer('@vigil/bus');
const utf8 = new TextDecoder();

/**
 * What became of one delivered batch:
 * - `processed`: handled (and undecodable messages dead-lettered); commit past its last offset;
 * - `failed`: the handler kept failing; do not commit, deliver the same messages again;
 * - `abandoned`: the delivery was given up (partition revoked, member stopping); do nothing.
 */
export type BatchOutcome = 'processed' | 'failed' | 'abandoned';

/** What the processor needs from its adapter. */
export interface BatchProcessorOptions {
  readonly groupId: string;
  readonly retry: RetryPolicy;
  /** Publishes dead letters durably (the adapter's own `publish`). */
  readonly publish: (topic: string, messages: readonly OutgoingMessage[]) => Promise<void>;
  readonly onError?: BusErrorListener;
  /** Wall clock for dead-letter timestamps. */
  readonly nowMillis?: () => number;
}

/** Per-delivery controls from the adapter. */
export interface DeliveryControl {
  /** Fires when the delivery must be given up. */
  readonly signal: AbortSignal;
  /** Keeps group membership alive while a handler runs (Kafka); called every `everyMillis`. */
  readonly heartbeat?: { run: () => Promise<void>; everyMillis: number };
}

/**
 * The delivery logic both adapters share, so MemoryBus and KafkaBus cannot drift apart:
 * decode each message (dead-lettering those that throw), call the handler with retries and
 * backoff inside a CONSUMER span linked to the producers' traces, and say whether to commit.
 */
export class BatchProcessor {
  constructor(private readonly options: BatchProcessorOptions) {}

  /** Delivers one partition's raw messages (in offset order) to `handler`. */
  async process<T>(handler: TopicHandler<T>, partition: number, raws: readonly RawMessage[], control: DeliveryControl): Promise<BatchOutcome> {
    const decoded: ConsumedMessage<T>[] = [];
    const undecodable: OutgoingMessage[] = [];
    for (const raw of raws) {
      try {
        decoded.push({
          key: raw.keyText ?? (raw.key ? utf8.decode(raw.key) : ''),
          value: handler.decode(raw.value),
          offset: raw.offset,
          timestampMillis: raw.timestampMillis,
          headers: raw.headers,
          traceContext: traceContextOf(raw.headers),
        });
      } catch (error) {
        undecodable.push(
          deadLetterMessage({
            sourceTopic: handler.topic,
            partition,
            groupId: this.options.groupId,
            message: raw,
            error,
            atMillis: (this.options.nowMillis ?? Date.now)(),
          }),
        );
      }
    }
    if (decoded.length > 0) {
      const outcome = await this.handleWithRetries(handler, partition, decoded, control);
      if (outcome !== 'processed') return outcome;
    }
    if (undecodable.length > 0) {
      // After the handler, so a handler failure does not dead-letter the same message twice.
      try {
        await untilAborted(this.options.publish(DEAD_LETTER_TOPIC, undecodable), control.signal);
      } catch (error) {
        if (error instanceof AbortedError) return 'abandoned';
        this.options.onError?.(error, { groupId: this.options.groupId, stage: 'dead-letter', topic: handler.topic, partition, willRedeliver: true });
        return 'failed';
      }
    }
    return 'processed';
  }

  private async handleWithRetries<T>(
    handler: TopicHandler<T>,
    partition: number,
    messages: ConsumedMessage<T>[],
    control: DeliveryControl,
  ): Promise<BatchOutcome> {
    const { retry, groupId } = this.options;
    for (let attempt = 1; attempt <= retry.attempts; attempt++) {
      if (control.signal.aborted) return 'abandoned';
      const batch: MessageBatch<T> = { topic: handler.topic, partition, groupId, messages, attempt };
      try {
        await untilAborted(this.traced(handler, batch), control.signal, control.heartbeat);
        return 'processed';
      } catch (error) {
        if (error instanceof AbortedError) return 'abandoned';
        const willRedeliver = attempt === retry.attempts;
        this.options.onError?.(error, { groupId, stage: 'handler', topic: handler.topic, partition, attempt, willRedeliver });
        if (!willRedeliver) await sleep(backoffMillis(retry, attempt), control.signal);
      }
    }
    return control.signal.aborted ? 'abandoned' : 'failed';
  }

  /** Runs the handler in a CONSUMER span (OpenTelemetry messaging conventions for batches). */
  private traced<T>(handler: TopicHandler<T>, batch: MessageBatch<T>): Promise<void> {
    const attributes = {
      'messaging.system': 'kafka',
      'messaging.operation.type': 'process',
      'messaging.destination.name': batch.topic,
      'messaging.destination.partition.id': String(batch.partition),
      'messaging.consumer.group.name': batch.groupId,
      'messaging.batch.message_count': batch.messages.length,
      'vigil.bus.attempt': batch.attempt,
    };
    const links = producerLinks(batch.messages.map((message) => message.traceContext));
    return tracer.startActiveSpan(`process ${batch.topic}`, { kind: SpanKind.CONSUMER, attributes, links }, async (span) => {
      try {
        await handler.handle(batch);
      } catch (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    });
  }
}
