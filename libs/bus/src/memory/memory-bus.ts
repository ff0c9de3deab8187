import type { Bus, BusConsumer, ConsumerOptions, OutgoingMessage, TopicSpec } from '../bus.port';
import { headersWithTraceContext } from '../core/trace-context';
import { partitionForKey } from '../partitioner';
import { MemoryConsumer } from './memory-consumer';
import { FileJournal, type RecoveredJournal } from './file-journal';
import { MemoryGroup } from './memory-group';
import { PartitionLog } from './partition-log';

/** Options of the in-process bus. */
export interface MemoryBusOptions {
  /** Partitions of a topic created implicitly (by publish or consume). Default 12, as Kafka's config. */
  readonly defaultPartitions?: number;
  /**
   * Messages kept per partition of a topic no group consumes (e.g. the dead-letter topic in
   * embedded mode), so a group that joins later still sees recent history. Default 10 000.
   * Topics some group consumes keep everything until every such group has committed it.
   */
  readonly retainUnconsumedMessages?: number;
  /**
   * Backpressure: when a partition retains more than this many bytes that some group has not
   * committed, `publish` waits for consumers to catch up (default 16 MiB)...
   */
  readonly maxBacklogBytesPerPartition?: number;
  /**
   * ...but never longer than this (default 2 s), so a handler that publishes to a topic its own
   * group reads cannot deadlock: producers slow down, nothing is dropped.
   */
  readonly maxPublishWaitMillis?: number;
  /** How long a member losing a partition may finish its in-flight batch. Default 30 s. */
  readonly rebalanceTimeoutMillis?: number;
  /** Wall clock for message timestamps. */
  readonly nowMillis?: () => number;
  /**
   * Write-ahead journal (see `MemoryBus.openDurable`): publishes resolve only once on disk, and
   * committed offsets are saved, so a crash loses nothing that was acknowledged.
   */
  readonly journal?: FileJournal;
}

/**
 * The bus of embedded mode: Kafka's semantics in one process. Keys pick partitions with Kafka's
 * partitioner; groups split partitions round-robin and rebalance when members come and go;
 * offsets are committed per group only after the handler succeeded; whatever is not committed
 * is redelivered. Nothing survives the process: a clean stop drains and commits first.
 */
export class MemoryBus implements Bus {
  private readonly topics = new Map<string, PartitionLog[]>();
  private readonly groups = new Map<string, MemoryGroup>();
  private readonly consumers = new Set<MemoryConsumer>();
  private readonly defaultPartitions: number;
  private readonly retainUnconsumed: number;
  private readonly rebalanceTimeoutMillis: number;
  private readonly maxBacklogBytes: number;
  private readonly maxPublishWaitMillis: number;
  private readonly nowMillis: () => number;
  private readonly journal?: FileJournal;
  private memberSequence = 0;
  private closed = false;

  /**
   * A MemoryBus whose messages and offsets survive a crash: the embedded mode's bus. Recovers
   * every retained message and each group's committed position from `dir`.
   */
  static openDurable(dir: string, options: Omit<MemoryBusOptions, 'journal'> = {}): MemoryBus {
    const { journal, recovered } = FileJournal.open(dir);
    const bus = new MemoryBus({ ...options, journal });
    bus.recover(recovered);
    return bus;
  }

  constructor(options: MemoryBusOptions = {}) {
    this.defaultPartitions = options.defaultPartitions ?? 12;
    this.retainUnconsumed = options.retainUnconsumedMessages ?? 10_000;
    this.rebalanceTimeoutMillis = options.rebalanceTimeoutMillis ?? 30_000;
    this.maxBacklogBytes = options.maxBacklogBytesPerPartition ?? 16 * 1024 * 1024;
    this.maxPublishWaitMillis = options.maxPublishWaitMillis ?? 2_000;
    this.nowMillis = options.nowMillis ?? Date.now;
    this.journal = options.journal;
  }

  private recover(recovered: RecoveredJournal): void {
    for (const [topic, partitions] of recovered.partitions) {
      const count = Math.max(this.defaultPartitions, ...[...partitions.keys()].map((p) => p + 1));
      const logs = this.logsOf(topic, count);
      for (const [partition, { messages, endOffset }] of partitions) logs[partition].restore(messages, endOffset);
    }
    for (const [groupId, positions] of recovered.groups) {
      const group = this.groupOf(groupId);
      for (const [key, nextOffset] of positions) {
        const cut = key.lastIndexOf('|');
        const topic = key.slice(0, cut);
        group.topics.add(topic);
        group.commit({ topic, partition: Number(key.slice(cut + 1)) }, nextOffset);
      }
    }
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) throw new Error('MemoryBus is closed');
    const logs = this.logsOf(topic);
    const now = this.nowMillis();
    const trace = headersWithTraceContext(undefined); // once per call, not per message
    const touched = new Set<number>();
    for (const message of messages) {
      const partition = partitionForKey(message.key, logs.length);
      const stored = logs[partition].append({
        key: null, // kept as text; encoded only if the message is dead-lettered
        keyText: message.key,
        value: message.value.slice(), // the caller may reuse its buffer, as with Kafka
        timestampMillis: now,
        headers: message.headers ? { ...trace, ...message.headers } : trace,
      });
      this.journal?.append(topic, partition, stored);
      touched.add(partition);
    }
    // Durable before anyone can consume it or the publisher hears "ok" (acks=all).
    if (this.journal) await this.journal.flush();
    for (const partition of touched) {
      logs[partition].notify();
      this.trim(topic, partition);
    }
    const full = [...touched].map((partition) => logs[partition]).filter((log) => log.retainedBytes >= this.maxBacklogBytes);
    if (full.length > 0) {
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), this.maxPublishWaitMillis);
      await Promise.all(full.map((log) => log.waitForRoom(this.maxBacklogBytes, deadline.signal)));
      clearTimeout(timer);
    }
  }

  ensureTopics(topics: readonly TopicSpec[]): Promise<void> {
    for (const spec of topics) this.logsOf(spec.topic, spec.partitions);
    return Promise.resolve();
  }

  partitionCount(topic: string): Promise<number> {
    return Promise.resolve(this.logsOf(topic).length);
  }

  ping(): Promise<void> {
    return this.closed ? Promise.reject(new Error('MemoryBus is closed')) : Promise.resolve();
  }

  consumer(options: ConsumerOptions): BusConsumer {
    if (this.closed) throw new Error('MemoryBus is closed');
    for (const handler of options.handlers) this.logsOf(handler.topic);
    const group = this.groupOf(options.groupId);
    const member = new MemoryConsumer(`${options.groupId}-${++this.memberSequence}`, group, options, {
      logsOf: (topic) => this.logsOf(topic),
      publish: (topic, messages) => this.publish(topic, messages),
      nowMillis: this.nowMillis,
    });
    this.consumers.add(member);
    return member;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.consumers].map((member) => member.stop()));
    this.closed = true;
    await this.journal?.close();
  }

  private groupOf(groupId: string): MemoryGroup {
    let group = this.groups.get(groupId);
    if (!group) {
      const created = new MemoryGroup(groupId, {
        partitionCountOf: (topic) => this.logsOf(topic).length,
        committed: (topic, partition) => {
          const next = created.committedOffset({ topic, partition });
          if (next !== undefined) this.journal?.commit(groupId, topic, partition, next);
          this.trim(topic, partition);
        },
        rebalanceTimeoutMillis: this.rebalanceTimeoutMillis,
      });
      group = created;
      this.groups.set(groupId, group);
    }
    return group;
  }

  private logsOf(topic: string, partitions = this.defaultPartitions): PartitionLog[] {
    let logs = this.topics.get(topic);
    if (!logs) {
      if (!Number.isInteger(partitions) || partitions < 1) throw new RangeError(`Topic ${topic}: partitions must be ≥ 1`);
      logs = Array.from({ length: partitions }, () => new PartitionLog());
      this.topics.set(topic, logs);
    }
    return logs;
  }

  /** Drops what every group reading `topic` has committed (or, if none reads it, old history). */
  private trim(topic: string, partition: number): void {
    const log = this.logsOf(topic)[partition];
    let keepFrom = Number.POSITIVE_INFINITY;
    let readers = 0;
    for (const group of this.groups.values()) {
      if (!group.topics.has(topic)) continue;
      readers++;
      keepFrom = Math.min(keepFrom, group.committedOffset({ topic, partition }) ?? log.firstOffset);
    }
    if (readers === 0) keepFrom = log.endOffset - this.retainUnconsumed;
    log.trimBefore(keepFrom);
    this.journal?.trimmed(topic, partition, log.firstOffset);
  }
}
