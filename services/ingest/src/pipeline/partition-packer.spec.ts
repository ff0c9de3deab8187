import { partitionForKey } from '@vigil/bus';
import { PartitionCache, packByPartition } from './partition-packer';

describe('packing by partition', () => {
  const keys = Array.from({ length: 200 }, (_, i) => i.toString(16).padStart(16, '0'));

  it('puts every item in a message keyed to its own partition, one message per partition', () => {
    const messages = packByPartition(keys, (k) => k, () => 1, new PartitionCache(12), 10_000);
    expect(messages.length).toBeLessThanOrEqual(12);
    for (const message of messages) {
      expect(partitionForKey(message.key, 12)).toBe(message.partition);
      for (const key of message.items) expect(partitionForKey(key, 12)).toBe(message.partition);
    }
    expect(messages.reduce((n, m) => n + m.items.length, 0)).toBe(200);
  });

  it('splits a partition into several messages when it would exceed the weight bound', () => {
    const messages = packByPartition(keys, (k) => k, () => 10, new PartitionCache(1), 500);
    expect(messages.map((m) => m.weight)).toEqual([500, 500, 500, 500]);
  });
});
