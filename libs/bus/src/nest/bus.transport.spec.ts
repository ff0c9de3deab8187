import 'reflect-metadata';
import { Controller, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { MessageBatch, TopicPartition } from '../bus.port';
import { MemoryBus } from '../memory/memory-bus';
import { BatchPattern, PARTITIONS_ASSIGNED, PARTITIONS_REVOKED } from './batch-pattern.decorator';
import type { BusContext } from './bus-context';
import { BusModule } from './bus.module';
import { BusPublisher } from './bus.publisher';
import { BusTransport } from './bus.transport';

const TOPIC = 'test.nest.words';
const text = new TextDecoder();
const utf8 = new TextEncoder();

@Injectable()
class Seen {
  readonly batches: Array<{ words: string[]; topic: string; partition: number }> = [];
  readonly assigned: TopicPartition[] = [];
  readonly revoked: TopicPartition[] = [];
  failNext = 0;
}

@Controller()
class WordsConsumer {
  constructor(
    private readonly seen: Seen,
    private readonly publisher: BusPublisher,
  ) {}

  @BatchPattern(TOPIC, (bytes) => text.decode(bytes).toUpperCase())
  async onWords(@Payload() batch: MessageBatch<string>, @Ctx() ctx: BusContext): Promise<void> {
    if (this.seen.failNext > 0) {
      this.seen.failNext--;
      throw new Error('not yet');
    }
    this.seen.batches.push({ words: batch.messages.map((m) => m.value), topic: ctx.getTopic(), partition: ctx.getPartition() });
    if (batch.messages.some((m) => m.value === 'ECHO')) await this.publisher.publish(TOPIC, [{ key: 'echo', value: utf8.encode('echoed') }]);
  }

  @EventPattern(PARTITIONS_ASSIGNED)
  onAssigned(partitions: TopicPartition[]): void {
    this.seen.assigned.push(...partitions);
  }

  @EventPattern(PARTITIONS_REVOKED)
  onRevoked(partitions: TopicPartition[]): void {
    this.seen.revoked.push(...partitions);
  }
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
}

describe('BusTransport (Nest custom transport)', () => {
  it('delivers decoded batches to a @BatchPattern handler, runs partition hooks, and retries a failing handler', async () => {
    const bus = new MemoryBus();
    await bus.ensureTopics([{ topic: TOPIC, partitions: 3 }]);
    @Module({ imports: [BusModule.forRoot(bus)], controllers: [WordsConsumer], providers: [Seen] })
    class AppModule {}
    const app = await NestFactory.createMicroservice(AppModule, {
      strategy: new BusTransport({ bus, groupId: 'nest-test', retry: { attempts: 3, initialBackoffMillis: 1 } }),
      logger: false,
    });
    await app.listen();
    const seen = app.get(Seen);
    expect(seen.assigned.map((tp) => tp.partition).sort()).toEqual([0, 1, 2]);

    seen.failNext = 1;
    await app.get(BusPublisher).publish(TOPIC, [
      { key: 'a', value: utf8.encode('hello') },
      { key: 'a', value: utf8.encode('echo') },
    ]);
    await until(() => seen.batches.flatMap((b) => b.words).includes('ECHOED'));
    expect(seen.batches.flatMap((b) => b.words)).toEqual(['HELLO', 'ECHO', 'ECHOED']);
    expect(seen.batches[0].topic).toBe(TOPIC);

    await app.close();
    expect(seen.revoked.map((tp) => tp.partition).sort()).toEqual([0, 1, 2]);
    await bus.close();
  });

  it('runs as the microservice of a hybrid Nest application (HTTP app + bus consumer), the way services wire it', async () => {
    const bus = new MemoryBus();
    @Module({ imports: [BusModule.forRoot(bus)], controllers: [WordsConsumer], providers: [Seen] })
    class ServiceModule {}
    const app = await NestFactory.create(ServiceModule, new FastifyAdapter(), { logger: false });
    const transport = new BusTransport({ bus, groupId: 'hybrid' });
    app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
    await app.startAllMicroservices();
    await app.init();
    expect(transport.unwrap<{ assignment(): unknown[] }>().assignment()).toHaveLength(12);
    await app.get(BusPublisher).publish(TOPIC, [{ key: 'z', value: utf8.encode('hybrid') }]);
    const seen = app.get(Seen);
    await until(() => seen.batches.some((b) => b.words.includes('HYBRID')));
    await app.close();
    expect(seen.revoked).toHaveLength(12);
    await bus.close();
  });

  it('refuses to start a topic handler declared without a decoder', async () => {
    const bus = new MemoryBus();
    @Controller()
    class Undecoded {
      @EventPattern('test.nest.raw')
      onRaw(): void {}
    }
    @Module({ controllers: [Undecoded] })
    class RawModule {}
    const app = await NestFactory.createMicroservice(RawModule, { strategy: new BusTransport({ bus, groupId: 'raw' }), logger: false });
    await expect(app.listen()).rejects.toThrow('has no decoder');
    await bus.close();
  });
});
