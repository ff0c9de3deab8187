import { PublishCoalescer } from './publish-coalescer';
import type { TopicMessages } from './publish-coalescer';

describe('PublishCoalescer', () => {
  it('sends the publishes of one event-loop turn as one request, keeping call order per topic', async () => {
    const sends: TopicMessages<string>[][] = [];
    const coalescer = new PublishCoalescer<string>(async (batch) => void sends.push(batch), (m) => m.length, 1_000);
    await Promise.all([coalescer.publish('a', ['a1']), coalescer.publish('b', ['b1']), coalescer.publish('a', ['a2', 'a3'])]);
    expect(sends).toEqual([
      [
        { topic: 'a', messages: ['a1', 'a2', 'a3'] },
        { topic: 'b', messages: ['b1'] },
      ],
    ]);
    await coalescer.publish('a', ['a4']);
    expect(sends).toHaveLength(2);
  });

  it('starts a new request before one would exceed maxRequestBytes, but lets an oversized call through alone', async () => {
    const sends: TopicMessages<string>[][] = [];
    const coalescer = new PublishCoalescer<string>(async (batch) => void sends.push(batch), (m) => m.length, 10);
    await Promise.all([coalescer.publish('a', ['1234']), coalescer.publish('a', ['5678']), coalescer.publish('a', ['90ab']), coalescer.publish('b', ['x'.repeat(50)])]);
    expect(sends.map((batch) => batch.flatMap((t) => t.messages))).toEqual([['1234', '5678'], ['90ab'], ['x'.repeat(50)]]);
  });

  it('rejects every caller whose messages were in a failed request, and only those', async () => {
    let fail = true;
    const coalescer = new PublishCoalescer<string>(
      async () => {
        if (fail) throw new Error('broker down');
      },
      (m) => m.length,
      1_000,
    );
    const first = coalescer.publish('a', ['x']);
    const second = coalescer.publish('b', ['y']);
    await expect(first).rejects.toThrow('broker down');
    await expect(second).rejects.toThrow('broker down');
    fail = false;
    await expect(coalescer.publish('a', ['z'])).resolves.toBeUndefined();
  });
});
