import type { TopicPartition } from '../bus.port';
import { assignRoundRobin } from '../core/round-robin-assignor';
import type { MemoryConsumer } from './memory-consumer';

const key = (tp: TopicPartition): string => `${tp.topic}\u0000${tp.partition}`;

/** What a group needs from the bus. */
export interface GroupRuntime {
  partitionCountOf(topic: string): number;
  /** Called after a commit so the bus can drop messages every group has consumed. */
  committed(topic: string, partition: number): void;
  /** How long a revoked member may finish its in-flight batch before it is abandoned. */
  readonly rebalanceTimeoutMillis: number;
}

/**
 * A consumer group on the memory bus: members, the partition assignment, committed offsets.
 * Membership changes are serialised; each runs an eager rebalance like Kafka's: members first
 * give up the partitions they lose (finishing or abandoning the in-flight batch, then the revoke
 * hook), and only then do new owners run their assign hook and start from the committed offset.
 * So a partition never has two active owners, and whatever was not committed is redelivered.
 */
export class MemoryGroup {
  private readonly members = new Map<string, MemoryConsumer>();
  private readonly offsets = new Map<string, number>();
  private assignment = new Map<string, TopicPartition[]>();
  private queue: Promise<void> = Promise.resolve();
  /** Topics any member ever consumed: the group holds back trimming of those. */
  readonly topics = new Set<string>();

  constructor(
    readonly groupId: string,
    private readonly runtime: GroupRuntime,
  ) {}

  join(member: MemoryConsumer): Promise<void> {
    return this.serialised(async () => {
      this.members.set(member.id, member);
      for (const topic of member.topics) this.topics.add(topic);
      await this.rebalance();
    });
  }

  leave(member: MemoryConsumer, drainMillis: number): Promise<void> {
    return this.serialised(async () => {
      if (!this.members.delete(member.id)) return;
      const owned = this.assignment.get(member.id) ?? [];
      this.assignment.delete(member.id);
      await member.revoke(owned, drainMillis);
      await this.rebalance();
    });
  }

  committedOffset(tp: TopicPartition): number | undefined {
    return this.offsets.get(key(tp));
  }

  commit(tp: TopicPartition, nextOffset: number): void {
    const previous = this.offsets.get(key(tp)) ?? -1;
    if (nextOffset <= previous) return;
    this.offsets.set(key(tp), nextOffset);
    this.runtime.committed(tp.topic, tp.partition);
  }

  private async rebalance(): Promise<void> {
    const subscriptions = new Map([...this.members].map(([id, member]) => [id, member.topics]));
    const counts = new Map([...this.topics].map((topic) => [topic, this.runtime.partitionCountOf(topic)]));
    const next = assignRoundRobin(subscriptions, counts);
    const diff = (a: readonly TopicPartition[] = [], b: readonly TopicPartition[] = []): TopicPartition[] => {
      const inB = new Set(b.map(key));
      return a.filter((tp) => !inB.has(key(tp)));
    };
    await Promise.all(
      [...this.members].map(([id, member]) => member.revoke(diff(this.assignment.get(id), next.get(id)), this.runtime.rebalanceTimeoutMillis)),
    );
    const previous = this.assignment;
    this.assignment = next;
    await Promise.all([...this.members].map(([id, member]) => member.assign(diff(next.get(id), previous.get(id)))));
  }

  private serialised(step: () => Promise<void>): Promise<void> {
    const run = this.queue.then(step);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
