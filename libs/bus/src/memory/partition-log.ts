import type { RawMessage } from '../core/raw-message';

/**
 * One partition of the in-memory bus: an append-only run of messages with absolute offsets.
 * The head is trimmed once every group has committed past it (see MemoryBus), so memory
 * holds only what some group still needs. Readers wait for appends without polling.
 */
export class PartitionLog {
  private messages: RawMessage[] = [];
  /** Index in `messages` of the first retained message (trimming is amortised O(1)). */
  private head = 0;
  /** Offset of `messages[head]`. */
  private first = 0;
  private waiters: Array<() => void> = [];
  private roomWaiters: Array<() => void> = [];
  private bytes = 0;

  /** Offset of the oldest retained message. */
  get firstOffset(): number {
    return this.first;
  }

  /** Offset the next appended message gets (Kafka's log end offset). */
  get endOffset(): number {
    return this.first + this.messages.length - this.head;
  }

  /** Bytes of the retained values (what some group has not committed yet). */
  get retainedBytes(): number {
    return this.bytes;
  }

  /**
   * Loads what a journal recovered into an empty log: its retained messages (offset order) and
   * its end offset, so new messages continue the numbering committed offsets refer to.
   */
  restore(messages: readonly RawMessage[], endOffset: number): void {
    if (this.endOffset !== 0) throw new Error('PartitionLog.restore: the log is not empty');
    this.messages = [...messages];
    this.head = 0;
    this.first = messages.length > 0 ? messages[0].offset : endOffset;
    for (const message of messages) this.bytes += message.value.byteLength;
    if (this.endOffset !== endOffset) {
      throw new Error(`PartitionLog.restore: messages end at ${this.endOffset}, expected ${endOffset} (a gap in the journal)`);
    }
  }

  /** Appends (call `notify` after a batch of appends); returns the message's offset. */
  append(message: Omit<RawMessage, 'offset'>): RawMessage {
    const stored = { ...message, offset: this.endOffset };
    this.messages.push(stored);
    this.bytes += message.value.byteLength;
    return stored;
  }

  /** Wakes readers waiting for data (called once per publish, not per message). */
  notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** Up to `max` messages from `offset` (clamped to the retained range), in offset order. */
  read(offset: number, max: number): RawMessage[] {
    const from = this.head + Math.max(0, offset - this.first);
    return this.messages.slice(from, Math.min(this.messages.length, from + max));
  }

  /** Drops messages below `offset`; compacts the array once half of it is dead. */
  trimBefore(offset: number): void {
    const drop = Math.min(offset, this.endOffset) - this.first;
    if (drop <= 0) return;
    for (let i = this.head; i < this.head + drop; i++) this.bytes -= this.messages[i].value.byteLength;
    this.head += drop;
    this.first += drop;
    if (this.head > 1024 && this.head * 2 > this.messages.length) {
      this.messages = this.messages.slice(this.head);
      this.head = 0;
    }
    const waiters = this.roomWaiters;
    this.roomWaiters = [];
    for (const wake of waiters) wake();
  }

  /** Resolves once fewer than `maxBytes` are retained (or `signal` aborts). */
  waitForRoom(maxBytes: number, signal: AbortSignal): Promise<void> {
    if (this.bytes < maxBytes || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.bytes < maxBytes || signal.aborted) {
          signal.removeEventListener('abort', check);
          resolve();
        } else this.roomWaiters.push(check);
      };
      this.roomWaiters.push(check);
      signal.addEventListener('abort', check, { once: true });
    });
  }

  /** Resolves when a message at or past `offset` exists, or when `signal` aborts. */
  waitFor(offset: number, signal: AbortSignal): Promise<void> {
    if (offset < this.endOffset || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.push(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
