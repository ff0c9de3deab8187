import { assignRoundRobin } from './round-robin-assignor';

describe('assignRoundRobin', () => {
  it('gives each of 3 members 4 of 12 partitions, every partition exactly once', () => {
    const subs = new Map([
      ['m-b', ['t']],
      ['m-a', ['t']],
      ['m-c', ['t']],
    ]);
    const result = assignRoundRobin(subs, new Map([['t', 12]]));
    expect([...result.values()].map((parts) => parts.length)).toEqual([4, 4, 4]);
    const all = [...result.values()].flat().map((tp) => tp.partition).sort((a, b) => a - b);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(result.get('m-a')?.map((tp) => tp.partition)).toEqual([0, 3, 6, 9]);
  });

  it('only gives a partition to members subscribed to its topic', () => {
    const subs = new Map([
      ['a', ['x', 'y']],
      ['b', ['y']],
    ]);
    const result = assignRoundRobin(
      subs,
      new Map([
        ['x', 2],
        ['y', 2],
      ]),
    );
    expect(result.get('b')?.every((tp) => tp.topic === 'y')).toBe(true);
    expect([...result.values()].flat()).toHaveLength(4);
  });

  it('gives a lone member everything and more members than partitions nothing extra', () => {
    expect(assignRoundRobin(new Map([['a', ['t']]]), new Map([['t', 3]])).get('a')).toHaveLength(3);
    const crowded = assignRoundRobin(
      new Map([
        ['a', ['t']],
        ['b', ['t']],
        ['c', ['t']],
      ]),
      new Map([['t', 2]]),
    );
    expect(crowded.get('c')).toEqual([]);
  });
});
