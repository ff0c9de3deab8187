import { Inject, Injectable } from '@nestjs/common';
import type { Bus, OutgoingMessage } from '../bus.port';

/** DI token of the process's `Bus`. */
export const BUS = Symbol('vigil.bus.Bus');

/**
 * What a Nest service injects to publish. Thin on purpose: the bus adds trace headers and
 * partitions by key; a service only says which topic and which messages.
 */
@Injectable()
export class BusPublisher {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  /** Publishes and resolves once the messages are durable (see `Bus.publish`). */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    return this.bus.publish(topic, messages);
  }

  /** Partition count of a topic, for packing messages per partition (`partitionForKey`). */
  partitionCount(topic: string): Promise<number> {
    return this.bus.partitionCount(topic);
  }
}
