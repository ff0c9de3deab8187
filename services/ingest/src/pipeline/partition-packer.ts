import { partitionForKey } from '@vigil/bus';

/**
 * "Pack points per partition" (DESIGN.md): items are grouped by the partition their key maps
 * to (Kafka's default partitioner, the same function the bus uses) and sent as one message per
 * partition, split only when a message would exceed `maxWeightPerMessage`. A message is keyed
 * by its first item's key, so it lands on the partition every one of its items belongs to.
 */
export interface PackedMessage<T> {
  readonly partition: number;
  readonly key: string;
  readonly items: T[];
  weight: number;
}

/** Remembers key → partition: hashing a key is cheap, encoding it to UTF-8 per point is not. */
export class PartitionCache {
  private cache = new Map<string, number>();

  constructor(
    readonly partitionCount: number,
    private readonly maxEntries = 500_000,
  ) {}

  partitionOf(key: string): number {
    let partition = this.cache.get(key);
    if (partition === undefined) {
      partition = partitionForKey(key, this.partitionCount);
      if (this.cache.size >= this.maxEntries) this.cache = new Map();
      this.cache.set(key, partition);
    }
    return partition;
  }
}

export function packByPartition<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  weightOf: (item: T) => number,
  partitions: PartitionCache,
  maxWeightPerMessage: number,
): PackedMessage<T>[] {
  const open = new Map<number, PackedMessage<T>>();
  const done: PackedMessage<T>[] = [];
  for (const item of items) {
    const key = keyOf(item);
    const partition = partitions.partitionOf(key);
    const weight = weightOf(item);
    let message = open.get(partition);
    if (message && message.weight + weight > maxWeightPerMessage && message.items.length > 0) {
      done.push(message);
      message = undefined;
    }
    if (!message) {
      message = { partition, key, items: [], weight: 0 };
      open.set(partition, message);
    }
    message.items.push(item);
    message.weight += weight;
  }
  return [...done, ...open.values()];
}
