/**
 * Kafka's default partitioner, byte for byte: `Utils.toPositive(Utils.murmur2(keyBytes)) %
 * numPartitions` from the Java client (kafkajs 2.x's DefaultPartitioner is the same). Producers
 * use it to pack points per partition, and MemoryBus uses it so keys land where Kafka puts them.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;
const utf8 = new TextEncoder();

/** Kafka's murmur2 of `data` as a signed 32-bit integer (Java's `Utils.murmur2`). */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = SEED ^ length;
  const fullWords = length & ~3;
  for (let i = 0; i < fullWords; i += 4) {
    let k = data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  // The Java original's switch falls through; spelled out here as ifs.
  const tail = length & 3;
  if (tail === 3) h ^= data[fullWords + 2] << 16;
  if (tail >= 2) h ^= data[fullWords + 1] << 8;
  if (tail >= 1) {
    h ^= data[fullWords];
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/** Java's `Utils.toPositive`: clears the sign bit (not `Math.abs`, which differs on MIN_VALUE). */
export function toPositive(value: number): number {
  return value & 0x7fffffff;
}

/** The partition Kafka's default partitioner picks for a non-null key. */
export function partitionForKey(key: string | Uint8Array, partitionCount: number): number {
  if (!Number.isInteger(partitionCount) || partitionCount < 1) {
    throw new RangeError(`partitionCount must be a positive integer, got ${partitionCount}`);
  }
  const bytes = typeof key === 'string' ? utf8.encode(key) : key;
  return toPositive(murmur2(bytes)) % partitionCount;
}
