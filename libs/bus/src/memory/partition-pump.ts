import type { TopicHandler, TopicPartition, RetryPolicy } from '../bus.port';
import { sleep } from '../core/abortable';
import { backoffMillis } from '../core/backoff';
import type { BatchProcessor } from '../core/batch-processor';
import type { PartitionLog } from './partition-log';

/** What a pump needs from the member and group that own it. */
export interface PumpOwner {
  readonly processor: BatchProcessor;
  readonly retry: RetryPolicy;
  readonly maxBatchMessages: number;
  /** Where delivery starts: the group's committed offset, else earliest/latest. */
  startOffset(tp: TopicPartition, log: PartitionLog): number;
  commit(tp: TopicPartition, nextOffset: number): void;
  /** Resolves when the partition is not paused (or `signal` aborts). */
  whenRunnable(tp: TopicPartition, signal: AbortSignal): Promise<void>;
}

/**
 * Delivers one partition to one member: read from the position, process, commit on success,
 * redeliver the same messages on failure. Lives from assignment to revocation.
 */
export class PartitionPump {
  /** Fires on revocation: take no new batch, wake up from waits. */
  private readonly stopping = new AbortController();
  /** Fires when the in-flight batch must be given up (drain time over): never commit it. */
  private readonly abandon = new AbortController();
  private running: Promise<void> = Promise.resolve();

  constructor(
    readonly tp: TopicPartition,
    private readonly log: PartitionLog,
    private readonly handler: TopicHandler<unknown>,
    private readonly owner: PumpOwner,
  ) {}

  start(): void {
    this.running = this.run();
  }

  /** Stops after the in-flight batch, abandoning it if it takes longer than `drainMillis`. */
  async stop(drainMillis: number): Promise<void> {
    this.stopping.abort();
    let drained = false;
    const finished = this.running.then(() => (drained = true));
    const timeUp = new AbortController();
    await Promise.race([finished, sleep(drainMillis, timeUp.signal)]);
    timeUp.abort(); // clears the timer when the batch finished first
    if (!drained) this.abandon.abort();
    await finished;
  }

  private async run(): Promise<void> {
    const { tp, log, owner } = this;
    const stop = this.stopping.signal;
    let position = owner.startOffset(tp, log);
    let failures = 0;
    while (!stop.aborted) {
      await owner.whenRunnable(tp, stop);
      if (stop.aborted) break;
      if (position >= log.endOffset) {
        await log.waitFor(position, stop);
        continue;
      }
      position = Math.max(position, log.firstOffset);
      const raws = log.read(position, owner.maxBatchMessages);
      const outcome = await owner.processor.process(this.handler, tp.partition, raws, { signal: this.abandon.signal });
      if (outcome === 'abandoned' || this.abandon.signal.aborted) break;
      if (outcome === 'processed') {
        position = raws[raws.length - 1].offset + 1;
        owner.commit(tp, position);
        failures = 0;
      } else {
        // Redelivery: same position, after a pause that keeps growing while the handler fails.
        failures++;
        await sleep(backoffMillis(owner.retry, owner.retry.attempts + failures - 1), stop);
      }
    }
  }
}
