import type { BusConsumer, ConsumerOptions, RetryPolicy, StopOptions, TopicHandler, TopicPartition } from '../bus.port';
import { retryPolicy } from '../core/backoff';
import { BatchProcessor } from '../core/batch-processor';
import type { MemoryGroup } from './memory-group';
import type { PartitionLog } from './partition-log';
import { PartitionPump } from './partition-pump';
import type { PumpOwner } from './partition-pump';

const DEFAULT_DRAIN_MILLIS = 10_000;
const key = (tp: TopicPartition): string => `${tp.topic}\u0000${tp.partition}`;

/** What a member needs from the bus. */
export interface MemoryBusRuntime {
  logsOf(topic: string): PartitionLog[];
  publish: ConstructorParameters<typeof BatchProcessor>[0]['publish'];
  nowMillis(): number;
}

/** One member of a MemoryBus consumer group. */
export class MemoryConsumer implements BusConsumer, PumpOwner {
  readonly topics: readonly string[];
  readonly processor: BatchProcessor;
  readonly retry: RetryPolicy;
  readonly maxBatchMessages: number;
  private readonly handlers = new Map<string, TopicHandler<unknown>>();
  private readonly pumps = new Map<string, PartitionPump>();
  private readonly paused = new Map<string, { all: boolean; partitions: Set<number> }>();
  private resumeWaiters: Array<() => void> = [];
  private state: 'new' | 'running' | 'stopped' = 'new';
  private stopped?: Promise<void>;

  constructor(
    readonly id: string,
    private readonly group: MemoryGroup,
    private readonly options: ConsumerOptions,
    private readonly runtime: MemoryBusRuntime,
  ) {
    for (const handler of options.handlers) {
      if (this.handlers.has(handler.topic)) throw new Error(`Two handlers for topic ${handler.topic} in group ${options.groupId}`);
      this.handlers.set(handler.topic, handler);
    }
    this.topics = [...this.handlers.keys()];
    this.retry = retryPolicy(options.retry);
    this.maxBatchMessages = options.maxBatchMessages ?? 10_000;
    this.processor = new BatchProcessor({
      groupId: options.groupId,
      retry: this.retry,
      publish: runtime.publish,
      onError: options.onError,
      nowMillis: runtime.nowMillis,
    });
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`Consumer ${this.id} was already started`);
    this.state = 'running';
    await this.group.join(this);
  }

  stop(options: StopOptions = {}): Promise<void> {
    if (!this.stopped) {
      const wasRunning = this.state === 'running';
      this.state = 'stopped';
      this.stopped = wasRunning ? this.group.leave(this, options.drainTimeoutMillis ?? DEFAULT_DRAIN_MILLIS) : Promise.resolve();
    }
    return this.stopped;
  }

  assignment(): TopicPartition[] {
    return [...this.pumps.values()].map((pump) => pump.tp);
  }

  pause(topic: string, partitions?: readonly number[]): void {
    const entry = this.paused.get(topic) ?? { all: false, partitions: new Set<number>() };
    if (partitions === undefined) entry.all = true;
    else for (const partition of partitions) entry.partitions.add(partition);
    this.paused.set(topic, entry);
  }

  resume(topic: string, partitions?: readonly number[]): void {
    const entry = this.paused.get(topic);
    if (!entry) return;
    if (partitions === undefined) {
      this.paused.delete(topic);
    } else {
      if (entry.all) {
        // Turn "all paused" into an explicit set so single partitions can be resumed.
        entry.all = false;
        this.runtime.logsOf(topic).forEach((_, partition) => entry.partitions.add(partition));
      }
      for (const partition of partitions) entry.partitions.delete(partition);
    }
    const waiters = this.resumeWaiters;
    this.resumeWaiters = [];
    for (const wake of waiters) wake();
  }

  /** @internal PumpOwner */
  whenRunnable(tp: TopicPartition, signal: AbortSignal): Promise<void> {
    const check = (): boolean => {
      const entry = this.paused.get(tp.topic);
      return !entry || (!entry.all && !entry.partitions.has(tp.partition));
    };
    if (check() || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const retry = (): void => {
        if (check() || signal.aborted) {
          signal.removeEventListener('abort', retry);
          resolve();
        } else this.resumeWaiters.push(retry);
      };
      this.resumeWaiters.push(retry);
      signal.addEventListener('abort', retry, { once: true });
    });
  }

  /** @internal PumpOwner */
  startOffset(tp: TopicPartition, log: PartitionLog): number {
    const committed = this.group.committedOffset(tp);
    if (committed !== undefined) return committed;
    return (this.options.startFrom ?? 'earliest') === 'earliest' ? log.firstOffset : log.endOffset;
  }

  /** @internal PumpOwner */
  commit(tp: TopicPartition, nextOffset: number): void {
    this.group.commit(tp, nextOffset);
  }

  /** @internal Called by the group during a rebalance: stop pumps, then run the revoke hook. */
  async revoke(partitions: readonly TopicPartition[], drainMillis: number): Promise<void> {
    if (partitions.length === 0) return;
    await Promise.all(
      partitions.map(async (tp) => {
        await this.pumps.get(key(tp))?.stop(drainMillis);
        this.pumps.delete(key(tp));
      }),
    );
    await this.runHook('partitions-revoked', partitions);
  }

  /** @internal Called by the group during a rebalance: run the assign hook, then start pumps. */
  async assign(partitions: readonly TopicPartition[]): Promise<void> {
    if (partitions.length === 0) return;
    await this.runHook('partitions-assigned', partitions);
    for (const tp of partitions) {
      const handler = this.handlers.get(tp.topic);
      if (!handler) continue;
      const pump = new PartitionPump(tp, this.runtime.logsOf(tp.topic)[tp.partition], handler, this);
      this.pumps.set(key(tp), pump);
      pump.start();
    }
  }

  private async runHook(stage: 'partitions-assigned' | 'partitions-revoked', partitions: readonly TopicPartition[]): Promise<void> {
    const hook = stage === 'partitions-assigned' ? this.options.onPartitionsAssigned : this.options.onPartitionsRevoked;
    try {
      await hook?.(partitions);
    } catch (error) {
      // Delivery goes on: a service that cannot load state reports it and starts empty.
      this.options.onError?.(error, { groupId: this.options.groupId, stage, willRedeliver: false });
    }
  }
}
