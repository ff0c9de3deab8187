import { waitFor } from '@vigil/testing';
import type { TopicHandler } from '../src';
import { MemoryBus } from '../src';
import { busContract } from './bus.contract';

// The memory bus runs the same contract as Kafka, in milliseconds.
describe('MemoryBus honours the Bus contract', () => {
  busContract({ bus: () => new MemoryBus(), settleMillis: 5_000 });
});

describe('MemoryBus backpressure', () => {
  it('makes publish wait while a group is too far behind, and never drops what it holds', async () => {
    const bus = new MemoryBus({ maxBacklogBytesPerPartition: 1_000, maxPublishWaitMillis: 5_000 });
    await bus.ensureTopics([{ topic: 'bp', partitions: 1 }]);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: number[] = [];
    const handler: TopicHandler<number> = {
      topic: 'bp',
      decode: (value) => value.length,
      handle: async (batch) => {
        await gate;
        seen.push(...batch.messages.map((m) => m.value));
      },
    };
    const consumer = bus.consumer({ groupId: 'slow', maxBatchMessages: 1, handlers: [handler as TopicHandler<unknown>] });
    await consumer.start();
    let published = false;
    const publishing = bus.publish('bp', Array.from({ length: 20 }, () => ({ key: 'k', value: new Uint8Array(100) }))).then(() => (published = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(published).toBe(false); // 2 000 bytes retained > 1 000 allowed
    release();
    await publishing;
    await waitFor(() => seen.length === 20, { what: 'all 20 messages' });
    await bus.close();
  });

  it('gives up waiting after maxPublishWaitMillis so a handler publishing to its own topic cannot deadlock', async () => {
    const bus = new MemoryBus({ maxBacklogBytesPerPartition: 10, maxPublishWaitMillis: 30 });
    await bus.ensureTopics([{ topic: 'loop', partitions: 1 }]);
    const stuck = bus.consumer({ groupId: 'stuck', handlers: [{ topic: 'loop', decode: (v) => v, handle: () => new Promise<void>(() => undefined) }] });
    await stuck.start();
    await bus.publish('loop', [{ key: 'k', value: new Uint8Array(100) }]);
    const started = Date.now();
    await bus.publish('loop', [{ key: 'k', value: new Uint8Array(100) }]);
    expect(Date.now() - started).toBeLessThan(1_000);
    await stuck.stop({ drainTimeoutMillis: 0 });
    await bus.close();
  });
});
