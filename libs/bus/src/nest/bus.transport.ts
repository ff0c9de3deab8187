import type { CustomTransportStrategy, MessageHandler } from '@nestjs/microservices';
import { Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import type { Bus, BusConsumer, ConsumerOptions, MessageBatch, TopicHandler, TopicPartition } from '../bus.port';
import type { BatchPatternExtras } from './batch-pattern.decorator';
import { PARTITIONS_ASSIGNED, PARTITIONS_REVOKED } from './batch-pattern.decorator';
import { BusContext } from './bus-context';

/** Options of the transport: a group member's options, minus what the decorators declare. */
export interface BusTransportOptions extends Omit<ConsumerOptions, 'handlers' | 'onPartitionsAssigned' | 'onPartitionsRevoked'> {
  /** The bus to consume from (shared by every service in embedded mode). */
  readonly bus: Bus;
  /** How long `close()` lets in-flight batches finish and commit. Default 10 s. */
  readonly drainTimeoutMillis?: number;
}

/**
 * Nest custom transport over the Bus port (DESIGN.md "NestJS and the bus"): each
 * `@BatchPattern(topic, decode)` becomes a topic handler of ONE consumer group member, and
 * `@EventPattern(PARTITIONS_ASSIGNED | PARTITIONS_REVOKED)` methods become its partition hooks.
 * Batching, commit-after-success, retries and dead-lettering stay in the bus; this class only
 * maps Nest's handler registry onto it. It does not own the bus: whoever built it closes it.
 */
export class BusTransport extends Server implements CustomTransportStrategy {
  private consumer?: BusConsumer;

  constructor(private readonly options: BusTransportOptions) {
    super();
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    try {
      const handlers: TopicHandler<unknown>[] = [];
      for (const [pattern, handler] of this.messageHandlers) {
        if (pattern === PARTITIONS_ASSIGNED || pattern === PARTITIONS_REVOKED) continue;
        handlers.push(this.topicHandler(pattern, handler));
      }
      const { bus, drainTimeoutMillis: _drain, ...consumerOptions } = this.options;
      this.consumer = bus.consumer({
        ...consumerOptions,
        handlers,
        onPartitionsAssigned: this.hook(PARTITIONS_ASSIGNED),
        onPartitionsRevoked: this.hook(PARTITIONS_REVOKED),
      });
      await this.consumer.start();
      this._status$.next('connected');
      callback();
    } catch (error) {
      callback(error);
    }
  }

  async close(): Promise<void> {
    await this.consumer?.stop({ drainTimeoutMillis: this.options.drainTimeoutMillis });
    this._status$.next('disconnected');
  }

  /** The group member, for pause/resume (backpressure) and `assignment()`. */
  unwrap<T = BusConsumer>(): T {
    if (!this.consumer) throw new Error('BusTransport is not listening yet');
    return this.consumer as T;
  }

  on(): never {
    throw new Error('BusTransport emits no events: pass `onError` in its options');
  }

  private topicHandler(topic: string, handler: MessageHandler): TopicHandler<unknown> {
    const extras = handler.extras as Partial<BatchPatternExtras> | undefined;
    if (typeof extras?.decode !== 'function') {
      throw new Error(`Handler for ${topic} has no decoder: declare it with @BatchPattern(topic, decode)`);
    }
    if (handler.next) throw new Error(`Two handlers for ${topic} in one service: a batch is committed once, so keep one`);
    return {
      topic,
      decode: extras.decode,
      handle: (batch: MessageBatch<unknown>) => this.invoke(handler, batch, new BusContext(batch)),
    };
  }

  private hook(pattern: string): ((partitions: readonly TopicPartition[]) => Promise<void>) | undefined {
    const handler = this.messageHandlers.get(pattern);
    if (!handler) return undefined;
    return async (partitions) => {
      await this.invoke(handler, partitions, undefined);
    };
  }

  /** Calls a Nest handler and waits for its effect, whether it returns a promise or an Observable. */
  private async invoke(handler: MessageHandler, data: unknown, context: BusContext | undefined): Promise<void> {
    let failure: { error: unknown } | undefined;
    await this.onProcessingStartHook(this.transportId ?? BUS_TRANSPORT, context as never, async () => {
      try {
        const result: unknown = await handler(data, context);
        if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
      } catch (error) {
        failure = { error };
      } finally {
        this.onProcessingEndHook?.(this.transportId ?? BUS_TRANSPORT, context as never);
      }
    });
    if (failure) throw failure.error;
  }
}

/** Transport id Nest sees for this strategy. */
export const BUS_TRANSPORT = Symbol('vigil.bus');
