import { appendFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@vigil/testing';
import type { Bus, BusConsumer, MessageBatch, TopicHandler } from '../src';
import { MemoryBus } from '../src';
import { busContract } from './bus.contract';

// The embedded mode's bus: MemoryBus with its write-ahead journal on disk. It must pass the same
// contract as Kafka, and keep every acknowledged message across a crash (a process that dies
// without close(): here, a bus abandoned without closing, then a new one on the same folder).
const folders: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-journal-'));
  folders.push(dir);
  return dir;
};
afterAll(() => folders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('durable MemoryBus honours the Bus contract', () => {
  busContract({ bus: () => MemoryBus.openDurable(folder()), settleMillis: 5_000 });
});

const text = new TextEncoder();
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

function collector(topic: string, into: string[], fail?: () => boolean): TopicHandler<unknown> {
  const handler: TopicHandler<string> = {
    topic,
    decode,
    handle: async (batch: MessageBatch<string>) => {
      if (fail?.()) throw new Error('handler failed');
      into.push(...batch.messages.map((m) => m.value));
    },
  };
  return handler as TopicHandler<unknown>;
}

async function publishNumbers(bus: Bus, topic: string, from: number, to: number) {
  for (let n = from; n < to; n++) await bus.publish(topic, [{ key: `k${n % 7}`, value: text.encode(String(n)) }]);
}

describe('durable MemoryBus across a crash', () => {
  it('redelivers every acknowledged message a group had not committed, and none it had', async () => {
    const dir = folder();
    const first = MemoryBus.openDurable(dir);
    const seen: string[] = [];
    const consumer: BusConsumer = first.consumer({ groupId: 'writer', handlers: [collector('t', seen)] });
    await consumer.start();
    await publishNumbers(first, 't', 0, 50);
    await waitFor(() => seen.length === 50, { what: 'first 50 consumed' });
    await new Promise((resolve) => setTimeout(resolve, 400)); // let the committed offsets reach disk
    await consumer.stop({ drainTimeoutMillis: 0 });
    await publishNumbers(first, 't', 50, 80); // acknowledged, never consumed: then the "crash"

    const second = MemoryBus.openDurable(dir);
    const after: string[] = [];
    const again = second.consumer({ groupId: 'writer', handlers: [collector('t', after)] });
    await again.start();
    await waitFor(() => after.length >= 30, { what: 'the 30 unconsumed messages' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(after.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => 50 + i));
    await publishNumbers(second, 't', 80, 81);
    await waitFor(() => after.includes('80'), { what: 'a new message after recovery' });
    await second.close();
  });

  it('cuts a torn record at the end of a segment and keeps everything before it', async () => {
    const dir = folder();
    const bus = MemoryBus.openDurable(dir, { defaultPartitions: 1 });
    await publishNumbers(bus, 'torn', 0, 10);
    await bus.close();
    const partitionDir = join(dir, 'torn', '0');
    const segment = join(partitionDir, readdirSync(partitionDir)[0]);
    const size = statSync(segment).size;
    appendFileSync(segment, Buffer.from([200, 0, 0, 0, 1, 2, 3])); // a record cut off mid-write

    const reopened = MemoryBus.openDurable(dir, { defaultPartitions: 1 });
    expect(statSync(segment).size).toBe(size);
    const seen: string[] = [];
    const consumer = reopened.consumer({ groupId: 'g', handlers: [collector('torn', seen)] });
    await consumer.start();
    await waitFor(() => seen.length === 10, { what: 'ten intact messages' });
    await publishNumbers(reopened, 'torn', 10, 11);
    await waitFor(() => seen.includes('10'), { what: 'the next offset after the cut' });
    await reopened.close();
  });

  it('deletes history once every group committed past it, keeping offsets monotonic', async () => {
    const dir = folder();
    const bus = MemoryBus.openDurable(dir, { defaultPartitions: 1 });
    const seen: string[] = [];
    const consumer = bus.consumer({ groupId: 'g', handlers: [collector('trim', seen)] });
    await consumer.start();
    await publishNumbers(bus, 'trim', 0, 5);
    await waitFor(() => seen.length === 5, { what: 'five consumed' });
    await bus.close();
    const reopened = MemoryBus.openDurable(dir, { defaultPartitions: 1 });
    const later: string[] = [];
    const next = reopened.consumer({ groupId: 'g', handlers: [collector('trim', later)] });
    await next.start();
    await publishNumbers(reopened, 'trim', 5, 6);
    await waitFor(() => later.length === 1, { what: 'only the new message' });
    expect(later).toEqual(['5']);
    await reopened.close();
  });
});
