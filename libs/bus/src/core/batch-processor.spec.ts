import { SpanKind, context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { TOPICS, decodePayload } from '@vigil/contracts';
import type { OutgoingMessage, TopicHandler } from '../bus.port';
import { BatchProcessor } from './batch-processor';
import type { RawMessage } from './raw-message';

const utf8 = new TextEncoder();
const raw = (offset: number, value: Uint8Array, headers: Record<string, string> = {}): RawMessage => ({
  key: null,
  keyText: `key-${offset}`,
  value,
  offset,
  timestampMillis: 1_700_000_000_000 + offset,
  headers,
});

describe('BatchProcessor', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
  });
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
  });
  beforeEach(() => exporter.reset());

  it('runs the handler in a CONSUMER span linked to the producer and dead-letters what does not decode', async () => {
    const published: Array<[string, readonly OutgoingMessage[]]> = [];
    const processor = new BatchProcessor({
      groupId: 'g',
      retry: { attempts: 1, initialBackoffMillis: 1, maxBackoffMillis: 1 },
      publish: async (topic, messages) => void published.push([topic, messages]),
      nowMillis: () => 42,
    });
    let activeInHandler: string | undefined;
    const handler: TopicHandler<string> = {
      topic: 'src.topic',
      decode: (bytes) => {
        if (bytes[0] === 0) throw new RangeError('leading zero');
        return new TextDecoder().decode(bytes);
      },
      handle: async () => {
        activeInHandler = trace.getActiveSpan()?.spanContext().spanId;
      },
    };
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const outcome = await processor.process(handler, 7, [raw(10, utf8.encode('ok'), { traceparent }), raw(11, new Uint8Array([0, 1]))], {
      signal: new AbortController().signal,
    });

    expect(outcome).toBe('processed');
    const [span] = exporter.getFinishedSpans();
    expect(span.name).toBe('process src.topic');
    expect(span.kind).toBe(SpanKind.CONSUMER);
    expect(span.links.map((link) => link.context.traceId)).toEqual(['4bf92f3577b34da6a3ce929d0e0e4736']);
    expect(span.attributes['messaging.batch.message_count']).toBe(1);
    expect(activeInHandler).toBe(span.spanContext().spanId);

    expect(published).toHaveLength(1);
    const [topic, [letter]] = published[0];
    expect(topic).toBe(TOPICS.deadLetter);
    expect(letter.key).toBe('src.topic');
    const decoded = decodePayload(TOPICS.deadLetter, letter.value);
    expect([decoded.reason, decoded.errorClass, decoded.offset, decoded.partition, decoded.atUnixMs]).toEqual(['leading zero', 'RangeError', '11', 7, 42]);
    expect(new TextDecoder().decode(decoded.key)).toBe('key-11');
  });

  it('says "abandoned" without waiting for a handler that hangs once the delivery is given up', async () => {
    const processor = new BatchProcessor({ groupId: 'g', retry: { attempts: 3, initialBackoffMillis: 1, maxBackoffMillis: 1 }, publish: async () => undefined });
    const abort = new AbortController();
    const handler: TopicHandler<Uint8Array> = { topic: 't', decode: (b) => b, handle: () => new Promise<void>(() => undefined) };
    const outcome = processor.process(handler, 0, [raw(0, new Uint8Array([1]))], { signal: abort.signal });
    setTimeout(() => abort.abort(), 10);
    await expect(outcome).resolves.toBe('abandoned');
  });

  it('reports "failed" after the last attempt and records the error on the span', async () => {
    const failures: string[] = [];
    const processor = new BatchProcessor({
      groupId: 'g',
      retry: { attempts: 2, initialBackoffMillis: 1, maxBackoffMillis: 1 },
      publish: async () => undefined,
      onError: (error, info) => failures.push(`${(error as Error).message}@${info.attempt}`),
    });
    const handler: TopicHandler<Uint8Array> = {
      topic: 't',
      decode: (b) => b,
      handle: async () => {
        throw new Error('store down');
      },
    };
    await expect(processor.process(handler, 0, [raw(0, new Uint8Array([1]))], { signal: new AbortController().signal })).resolves.toBe('failed');
    expect(failures).toEqual(['store down@1', 'store down@2']);
    expect(exporter.getFinishedSpans().map((span) => span.status.code)).toEqual([2, 2]);
  });
});
