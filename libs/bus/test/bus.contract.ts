import { ROOT_CONTEXT, context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { TOPICS, decodePayload } from '@vigil/contracts';
import { waitFor } from '@vigil/testing';
import type { Bus, BusConsumer, ConsumerOptions, MessageBatch, TopicHandler, TopicPartition } from '../src';
import { partitionForKey } from '../src';

/** How the suite reaches an adapter, and how patient it must be with it. */
export interface BusContractSetup {
  /** A bus; several calls may share one underlying connection or not. */
  bus(): Bus;
  /** Upper bound for anything that involves a rebalance. */
  readonly settleMillis: number;
  /** Extra consumer options (Kafka: nothing; memory: nothing). */
  readonly consumerDefaults?: Partial<ConsumerOptions>;
}

const utf8 = new TextEncoder();
const text = new TextDecoder();
/** Test payloads are text; a first byte 0xFF marks one the decoder refuses. */
const POISON = 0xff;
const decodeText = (value: Uint8Array): string => {
  if (value[0] === POISON) throw new Error(`poison byte at 0 of ${value.length}`);
  return text.decode(value);
};

let sequence = 0;
const unique = (what: string): string => `test.${what}.${process.pid}.${Date.now().toString(36)}.${++sequence}`;

interface Received {
  member: string;
  topic: string;
  partition: number;
  key: string;
  value: string;
}

/** Records what each member handled, and lets a test make handlers fail or block. */
class Recorder {
  readonly received: Received[] = [];
  values(): Set<string> {
    return new Set(this.received.map((r) => r.value));
  }
  handler(topic: string, member: string, behave?: (batch: MessageBatch<string>) => Promise<void> | void): TopicHandler<unknown> {
    const handler: TopicHandler<string> = {
      topic,
      decode: decodeText,
      handle: async (batch) => {
        await behave?.(batch);
        for (const m of batch.messages) this.received.push({ member, topic, partition: batch.partition, key: m.key, value: m.value });
      },
    };
    return handler as TopicHandler<unknown>;
  }
}

const byPartition = (parts: readonly TopicPartition[]): number[] => parts.map((tp) => tp.partition).sort((a, b) => a - b);

/**
 * The one behavioural suite every Bus adapter must pass (issue 2). Each test uses its own
 * topics and groups, so the suite can share a broker with other suites.
 */
export function busContract(setup: BusContractSetup): void {
  const started: BusConsumer[] = [];
  const buses: Bus[] = [];
  const open = (): Bus => {
    const bus = setup.bus();
    buses.push(bus);
    return bus;
  };
  const member = async (bus: Bus, options: ConsumerOptions): Promise<BusConsumer> => {
    const consumer = bus.consumer({ ...setup.consumerDefaults, ...options });
    started.push(consumer);
    await consumer.start();
    return consumer;
  };
  const settle = { timeoutMillis: setup.settleMillis, intervalMillis: 20 };

  afterEach(async () => {
    await Promise.all(started.splice(0).map((consumer) => consumer.stop({ drainTimeoutMillis: 0 })));
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
  });

  it('answers ping while open and refuses it once closed', async () => {
    const bus = setup.bus();
    await expect(bus.ping()).resolves.toBeUndefined();
    await bus.close();
    await expect(bus.ping()).rejects.toThrow(/closed/);
  });

  it('delivers the messages of one key in the order they were published', async () => {
    const bus = open();
    const topic = unique('order');
    await bus.ensureTopics([{ topic, partitions: 4 }]);
    const recorder = new Recorder();
    await member(bus, { groupId: unique('g'), handlers: [recorder.handler(topic, 'a')] });
    const keys = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    for (let round = 0; round < 10; round++) {
      await bus.publish(
        topic,
        Array.from({ length: 50 }, (_, i) => ({ key: keys[i % keys.length], value: utf8.encode(`${keys[i % keys.length]}:${round * 50 + i}`) })),
      );
    }
    await waitFor(() => recorder.received.length >= 500, { ...settle, what: '500 messages' });
    for (const key of keys) {
      const sequence = recorder.received.filter((r) => r.key === key).map((r) => Number(r.value.split(':')[1]));
      expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
      expect(new Set(sequence).size).toBe(100);
      // Every message of the key sat on the partition Kafka's partitioner picks.
      const partitions = new Set(recorder.received.filter((r) => r.key === key).map((r) => r.partition));
      expect([...partitions]).toEqual([partitionForKey(key, 4)]);
    }
  });

  it('splits 12 partitions among a group of 3 members, 4 each, and routes messages by owner', async () => {
    const bus = open();
    const topic = unique('split');
    const groupId = unique('g');
    await bus.ensureTopics([{ topic, partitions: 12 }]);
    const recorder = new Recorder();
    const members: BusConsumer[] = [];
    for (const name of ['a', 'b', 'c']) members.push(await member(bus, { groupId, handlers: [recorder.handler(topic, name)] }));
    await waitFor(() => members.every((m) => m.assignment().length === 4), { ...settle, what: '4 partitions each' });
    const owned = members.map((m) => byPartition(m.assignment()));
    expect(owned.flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);

    await bus.publish(topic, Array.from({ length: 120 }, (_, i) => ({ key: `k${i}`, value: utf8.encode(`v${i}`) })));
    await waitFor(() => recorder.values().size === 120, { ...settle, what: '120 messages' });
    const names = ['a', 'b', 'c'];
    for (const r of recorder.received) expect(owned[names.indexOf(r.member)]).toContain(r.partition);
  });

  it('rebalances when a member leaves and loses no message, telling members what they gained and lost', async () => {
    const bus = open();
    const topic = unique('leave');
    const groupId = unique('g');
    await bus.ensureTopics([{ topic, partitions: 12 }]);
    const recorder = new Recorder();
    const revoked = new Map<string, number[]>();
    const assigned = new Map<string, number[]>();
    const hooks = (name: string): Partial<ConsumerOptions> => ({
      onPartitionsAssigned: (parts) => void assigned.set(name, [...(assigned.get(name) ?? []), ...byPartition(parts)]),
      onPartitionsRevoked: (parts) => void revoked.set(name, [...(revoked.get(name) ?? []), ...byPartition(parts)]),
    });
    const slow = async (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));
    const a = await member(bus, { groupId, handlers: [recorder.handler(topic, 'a', slow)], ...hooks('a') });
    const b = await member(bus, { groupId, handlers: [recorder.handler(topic, 'b', slow)], ...hooks('b') });
    const c = await member(bus, { groupId, handlers: [recorder.handler(topic, 'c', slow)], ...hooks('c') });
    await waitFor(() => [a, b, c].every((m) => m.assignment().length === 4), { ...settle, what: 'initial split' });
    const cOwned = byPartition(c.assignment());

    const total = 600;
    const publishing = (async () => {
      for (let i = 0; i < total; i += 20) {
        await bus.publish(topic, Array.from({ length: 20 }, (_, j) => ({ key: `k${i + j}`, value: utf8.encode(`v${i + j}`) })));
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    await waitFor(() => recorder.received.length > 50, { ...settle, what: 'consumption under way' });
    await c.stop();
    await publishing;

    await waitFor(() => a.assignment().length === 6 && b.assignment().length === 6, { ...settle, what: 'a and b take over' });
    await waitFor(() => recorder.values().size === total, { ...settle, what: `all ${total} messages` });
    expect(revoked.get('c')).toEqual(expect.arrayContaining(cOwned));
    const gained = [...(assigned.get('a') ?? []), ...(assigned.get('b') ?? [])];
    expect(gained).toEqual(expect.arrayContaining(cOwned));
  });

  it('redelivers a batch whose handler keeps failing instead of losing it', async () => {
    const bus = open();
    const topic = unique('retry');
    await bus.ensureTopics([{ topic, partitions: 1 }]);
    const recorder = new Recorder();
    let calls = 0;
    const errors: string[] = [];
    await member(bus, {
      groupId: unique('g'),
      retry: { attempts: 2, initialBackoffMillis: 10, maxBackoffMillis: 50 },
      onError: (_error, info) => errors.push(`${info.stage}:${info.attempt}:${info.willRedeliver}`),
      handlers: [
        recorder.handler(topic, 'a', () => {
          // Fails the first two deliveries (2 calls each), succeeds on the third.
          if (++calls <= 4) throw new Error(`transient failure ${calls}`);
        }),
      ],
    });
    await bus.publish(topic, [
      { key: 'x', value: utf8.encode('first') },
      { key: 'x', value: utf8.encode('second') },
    ]);
    await waitFor(() => recorder.values().size === 2, { ...settle, what: 'redelivery' });
    expect(calls).toBeGreaterThanOrEqual(5);
    expect(errors.slice(0, 4)).toEqual(['handler:1:false', 'handler:2:true', 'handler:1:false', 'handler:2:true']);
    expect(recorder.received.map((r) => r.value)).toEqual(['first', 'second']);
  });

  it('sends an undecodable message to the dead-letter topic with its reason and original bytes', async () => {
    const bus = open();
    const topic = unique('poison');
    await bus.ensureTopics([{ topic, partitions: 1 }, { topic: TOPICS.deadLetter, partitions: 12 }]);
    const recorder = new Recorder();
    const groupId = unique('g');
    await member(bus, { groupId, handlers: [recorder.handler(topic, 'a')] });
    const letters: ReturnType<typeof decodePayload<typeof TOPICS.deadLetter>>[] = [];
    await member(bus, {
      groupId: unique('dlq-reader'),
      handlers: [
        {
          topic: TOPICS.deadLetter,
          decode: (bytes) => decodePayload(TOPICS.deadLetter, bytes),
          handle: async (batch) => void letters.push(...batch.messages.filter((m) => m.value.sourceTopic === topic).map((m) => m.value)),
        } satisfies TopicHandler<ReturnType<typeof decodePayload<typeof TOPICS.deadLetter>>> as TopicHandler<unknown>,
      ],
    });
    const poison = new Uint8Array([POISON, 1, 2, 3]);
    await bus.publish(topic, [
      { key: 'k', value: utf8.encode('good-1') },
      { key: 'k', value: poison, headers: { origin: 'contract-test' } },
      { key: 'k', value: utf8.encode('good-2') },
    ]);
    await waitFor(() => letters.length >= 1 && recorder.values().size === 2, { ...settle, what: 'dead letter' });
    const [letter] = letters;
    expect(letter.reason).toBe('poison byte at 0 of 4');
    expect(letter.errorClass).toBe('Error');
    expect(letter.sourceTopic).toBe(topic);
    expect(letter.partition).toBe(0);
    expect(letter.offset).toBe('1');
    expect(letter.consumerGroup).toBe(groupId);
    expect([...letter.value]).toEqual([...poison]);
    expect(text.decode(letter.key)).toBe('k');
    expect(letter.headers.map((h) => [h.key, text.decode(h.value)])).toContainEqual(['origin', 'contract-test']);
    expect(recorder.received.map((r) => r.value)).toEqual(['good-1', 'good-2']);
  });

  it('commits only after the handler succeeded: a member killed mid-batch leaves it to another', async () => {
    const bus = open();
    const topic = unique('kill');
    const groupId = unique('g');
    await bus.ensureTopics([{ topic, partitions: 1 }]);
    const recorder = new Recorder();
    // Whichever member gets the message first "dies" before its effect is durable.
    let holder: string | undefined;
    const never = new Promise<void>(() => undefined);
    const dieOnFirst = (name: string) => (): Promise<void> | void => {
      if (holder !== undefined && holder !== name) return;
      holder = name;
      return never;
    };
    const members = new Map<string, BusConsumer>();
    for (const name of ['a', 'b']) members.set(name, await member(bus, { groupId, handlers: [recorder.handler(topic, name, dieOnFirst(name))] }));
    await waitFor(() => [...members.values()].reduce((n, m) => n + m.assignment().length, 0) === 1, { ...settle, what: 'partition owned' });
    await bus.publish(topic, [{ key: 'k', value: utf8.encode('must-survive') }]);
    const dying = await waitFor(() => holder, { ...settle, what: 'a member holds the batch' });
    const survivor = dying === 'a' ? 'b' : 'a';
    await members.get(dying)?.stop({ drainTimeoutMillis: 0 });
    await waitFor(() => recorder.received.some((r) => r.member === survivor && r.value === 'must-survive'), { ...settle, what: 'redelivery' });
    expect(recorder.received.filter((r) => r.member === dying)).toEqual([]);
    const second = members.get(survivor);
    expect(second?.assignment()).toHaveLength(1);
  });

  it('commits what a stopping member handled, so the group does not see it again', async () => {
    const bus = open();
    const topic = unique('clean');
    const groupId = unique('g');
    await bus.ensureTopics([{ topic, partitions: 2 }]);
    const recorder = new Recorder();
    const a = await member(bus, { groupId, handlers: [recorder.handler(topic, 'a')] });
    await bus.publish(topic, [
      { key: 'p', value: utf8.encode('one') },
      { key: 'q', value: utf8.encode('two') },
    ]);
    await waitFor(() => recorder.values().size === 2, { ...settle, what: 'both handled' });
    await a.stop();
    await member(bus, { groupId, handlers: [recorder.handler(topic, 'b')] });
    await bus.publish(topic, [{ key: 'p', value: utf8.encode('three') }]);
    await waitFor(() => recorder.values().has('three'), { ...settle, what: 'new message' });
    expect(recorder.received.filter((r) => r.member === 'b').map((r) => r.value)).toEqual(['three']);
  });

  it('holds back a paused topic until it is resumed', async () => {
    const bus = open();
    const topic = unique('pause');
    await bus.ensureTopics([{ topic, partitions: 3 }]);
    const recorder = new Recorder();
    const consumer = await member(bus, { groupId: unique('g'), handlers: [recorder.handler(topic, 'a')] });
    consumer.pause(topic);
    await bus.publish(topic, [{ key: 'a', value: utf8.encode('held') }]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(recorder.received).toHaveLength(0);
    consumer.resume(topic);
    await waitFor(() => recorder.values().has('held'), { ...settle, what: 'delivery after resume' });
  });

  it('carries the publisher trace context to the consumer in W3C traceparent headers', async () => {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    try {
      const bus = open();
      const topic = unique('trace');
      await bus.ensureTopics([{ topic, partitions: 1 }]);
      const seen: MessageBatch<string>[] = [];
      await member(bus, {
        groupId: unique('g'),
        handlers: [{ topic, decode: decodeText, handle: async (batch) => void seen.push(batch) } as TopicHandler<string> as TopicHandler<unknown>],
      });
      const parent = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };
      await context.with(trace.setSpanContext(ROOT_CONTEXT, parent), () => bus.publish(topic, [{ key: 'k', value: utf8.encode('traced') }]));
      await waitFor(() => seen.length > 0, { ...settle, what: 'traced message' });
      const [message] = seen[0].messages;
      expect(message.headers.traceparent).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
      expect(trace.getSpanContext(message.traceContext)?.traceId).toBe(parent.traceId);
    } finally {
      context.disable();
      propagation.disable();
    }
  });
}
