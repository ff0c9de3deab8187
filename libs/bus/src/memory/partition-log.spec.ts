import { PartitionLog } from './partition-log';

const message = (n: number) => ({ key: null, value: new Uint8Array([n]), timestampMillis: 0, headers: {} });

describe('PartitionLog', () => {
  it('gives consecutive offsets and reads them back in order', () => {
    const log = new PartitionLog();
    expect([0, 1, 2].map((n) => log.append(message(n)).offset)).toEqual([0, 1, 2]);
    expect(log.read(1, 10).map((m) => m.offset)).toEqual([1, 2]);
    expect(log.read(0, 2).map((m) => m.value[0])).toEqual([0, 1]);
  });

  it('keeps absolute offsets after trimming and compacting its head', () => {
    const log = new PartitionLog();
    for (let n = 0; n < 5000; n++) log.append(message(n % 256));
    log.trimBefore(4000);
    expect(log.firstOffset).toBe(4000);
    expect(log.endOffset).toBe(5000);
    expect(log.read(0, 1)[0].offset).toBe(4000);
    expect(log.read(4999, 10).map((m) => m.offset)).toEqual([4999]);
  });

  it('wakes a waiting reader when a message arrives, and on abort', async () => {
    const log = new PartitionLog();
    let woke = false;
    const waiting = log.waitFor(0, new AbortController().signal).then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    log.append(message(1));
    log.notify();
    await waiting;
    expect(woke).toBe(true);
    const controller = new AbortController();
    const aborted = log.waitFor(5, controller.signal);
    controller.abort();
    await expect(aborted).resolves.toBeUndefined();
  });
});

describe('PartitionLog backlog', () => {
  it('counts retained bytes and lets a producer waiting for room go once the head is trimmed', async () => {
    const log = new PartitionLog();
    for (let n = 0; n < 10; n++) log.append({ key: null, value: new Uint8Array(100), timestampMillis: 0, headers: {} });
    expect(log.retainedBytes).toBe(1000);
    let roomy = false;
    const waiting = log.waitForRoom(500, new AbortController().signal).then(() => (roomy = true));
    log.trimBefore(3);
    await Promise.resolve();
    expect(roomy).toBe(false);
    log.trimBefore(6);
    await waiting;
    expect(log.retainedBytes).toBe(400);
  });
});
