import { murmur2, partitionForKey, toPositive } from './partitioner';

const utf8 = new TextEncoder();

describe('Kafka default partitioner', () => {
  // Values printed by Kafka 3.9.1's own org.apache.kafka.common.utils.Utils (murmur2,
  // toPositive) run on this machine; the first six are also Kafka's UtilsTest.testMurmur2 cases.
  const fromKafka: Array<[string, number, number, number]> = [
    // key, murmur2, partition of 12, partition of 7
    ['21', -973932308, 0, 3],
    ['foobar', -790332482, 6, 0],
    ['a-little-bit-long-string', -985981536, 8, 1],
    ['a-little-bit-longer-string', -1486304829, 11, 0],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971, 5, 3],
    ['abc', 479470107, 3, 4],
    ['', 275646681, 9, 2],
    ['series:cpu{host=a}', -1688005334, 6, 1],
    ['é日本', 93610804, 4, 0],
    ['trace-0123456789abcdef', 750092907, 3, 4],
  ];

  it.each(fromKafka)('hashes %j exactly as Kafka does', (key, hash, of12, of7) => {
    expect(murmur2(utf8.encode(key))).toBe(hash);
    expect(partitionForKey(key, 12)).toBe(of12);
    expect(partitionForKey(key, 7)).toBe(of7);
  });

  it('treats a string key as its UTF-8 bytes', () => {
    expect(partitionForKey(utf8.encode('é日本'), 12)).toBe(partitionForKey('é日本', 12));
  });

  it('makes negative hashes positive by clearing the sign bit, as Java does', () => {
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(-1)).toBe(2147483647);
  });

  it('rejects a partition count that is not a positive integer', () => {
    expect(() => partitionForKey('a', 0)).toThrow(RangeError);
    expect(() => partitionForKey('a', 2.5)).toThrow(RangeError);
  });
});
