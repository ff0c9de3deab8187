import type { TopicPartition } from '../bus.port';

/**
 * Splits partitions among group members the way kafkajs's RoundRobinAssigner (the default)
 * does: members sorted by id, partitions sorted by topic then number, dealt out in turn. Every
 * partition gets exactly one member; member loads differ by at most one partition per topic set.
 * `subscriptions` says which topics each member consumes; a partition only goes to members
 * subscribed to its topic.
 */
export function assignRoundRobin(
  subscriptions: ReadonlyMap<string, readonly string[]>,
  partitionCounts: ReadonlyMap<string, number>,
): Map<string, TopicPartition[]> {
  const members = [...subscriptions.keys()].sort();
  const assignment = new Map<string, TopicPartition[]>(members.map((member) => [member, []]));
  const topics = [...new Set(members.flatMap((member) => subscriptions.get(member) ?? []))].sort();
  let turn = 0;
  for (const topic of topics) {
    const eligible = members.filter((member) => subscriptions.get(member)?.includes(topic));
    const count = partitionCounts.get(topic) ?? 0;
    for (let partition = 0; partition < count; partition++) {
      // Keep dealing from where the previous topic stopped, skipping members not subscribed.
      let member = members[turn % members.length];
      while (!eligible.includes(member)) member = members[++turn % members.length];
      assignment.get(member)?.push({ topic, partition });
      turn++;
    }
  }
  return assignment;
}
