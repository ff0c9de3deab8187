import { waitFor } from '@vigil/testing';
import type { TopicHandler } from '../src';
import { MemoryBus, partitionForKey } from '../src';
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

describe('MemoryBus group details', () => {
  const utf8 = new TextEncoder();
  const text = new TextDecoder();
  const collect = (topic: string, into: string[], behave?: () => Promise<void> | void): TopicHandler<unknown> =>
    ({
      topic,
      decode: (value) => text.decode(value),
      handle: async (batch) => {
        await behave?.();
        into.push(...batch.messages.map((m) => m.value));
      },
    }) satisfies TopicHandler<string> as TopicHandler<unknown>;

  it('starts a new group at the end of the log with startFrom latest, at the beginning by default', async () => {
    const bus = new MemoryBus();
    await bus.publish('history', [{ key: 'k', value: utf8.encode('old') }]);
    const latest: string[] = [];
    const earliest: string[] = [];
    await bus.consumer({ groupId: 'new-latest', startFrom: 'latest', handlers: [collect('history', latest)] }).start();
    await bus.consumer({ groupId: 'new-earliest', handlers: [collect('history', earliest)] }).start();
    await bus.publish('history', [{ key: 'k', value: utf8.encode('new') }]);
    await waitFor(() => latest.length === 1 && earliest.length === 2, { what: 'both groups' });
    expect(latest).toEqual(['new']);
    expect(earliest).toEqual(['old', 'new']);
    await bus.close();
  });

  it('abandons a batch stuck past the rebalance timeout and gives it to the partition’s new owner', async () => {
    const bus = new MemoryBus({ rebalanceTimeoutMillis: 50 });
    await bus.ensureTopics([{ topic: 'stuck', partitions: 2 }]);
    const first: string[] = [];
    const second: string[] = [];
    let hang = true;
    const a = bus.consumer({ groupId: 'g', handlers: [collect('stuck', first, () => (hang ? new Promise<void>(() => undefined) : undefined))] });
    await a.start();
    // A key on partition 1, which round-robin gives to the second member when it joins.
    const key = ['k1', 'k2', 'k3', 'k4'].find((k) => partitionForKey(k, 2) === 1) ?? 'k1';
    await bus.publish('stuck', [{ key, value: utf8.encode('survivor') }]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const b = bus.consumer({ groupId: 'g', handlers: [collect('stuck', second)] });
    await b.start(); // the rebalance waits 50 ms for a, then abandons its batch
    hang = false;
    await waitFor(() => second.includes('survivor'), { what: 'redelivery to the new owner' });
    expect(first).toEqual([]);
    expect(b.assignment().map((tp) => tp.partition)).toEqual([1]);
    await bus.close();
  });
});
