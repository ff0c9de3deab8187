/** Messages of one topic within a coalesced send. */
export interface TopicMessages<M> {
  readonly topic: string;
  readonly messages: M[];
}

interface Waiter {
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Merges the `publish` calls made in one turn of the event loop into one produce request
 * (kafkajs `sendBatch`), so many small concurrent publishes (one anomaly, one alert) cost one
 * round trip instead of one each, without the added latency of a linger timer. A request is
 * closed early once it holds `maxRequestBytes`, so merging never builds a record batch the
 * broker refuses (`message.max.bytes`, 1 MB by default); a single call larger than that still
 * goes alone, as it would without merging. Every caller's promise settles with the outcome of
 * the request that carried its messages; order within a topic is the order of the calls.
 */
export class PublishCoalescer<M> {
  private pending = new Map<string, M[]>();
  private pendingBytes = 0;
  private waiters: Waiter[] = [];
  private scheduled = false;

  constructor(
    private readonly send: (batch: TopicMessages<M>[]) => Promise<void>,
    private readonly sizeOf: (message: M) => number,
    private readonly maxRequestBytes: number,
  ) {}

  publish(topic: string, messages: readonly M[]): Promise<void> {
    let bytes = 0;
    for (const message of messages) bytes += this.sizeOf(message);
    if (this.waiters.length > 0 && this.pendingBytes + bytes > this.maxRequestBytes) this.flush();
    this.pendingBytes += bytes;
    return new Promise<void>((resolve, reject) => {
      const queued = this.pending.get(topic);
      if (queued) queued.push(...messages);
      else this.pending.set(topic, [...messages]);
      this.waiters.push({ resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    if (this.waiters.length === 0) return; // already flushed early in this turn
    const batch = [...this.pending].map(([topic, messages]) => ({ topic, messages }));
    const waiters = this.waiters;
    this.pending = new Map();
    this.pendingBytes = 0;
    this.waiters = [];
    this.send(batch).then(
      () => waiters.forEach((waiter) => waiter.resolve()),
      (error: unknown) => waiters.forEach((waiter) => waiter.reject(error)),
    );
  }
}
