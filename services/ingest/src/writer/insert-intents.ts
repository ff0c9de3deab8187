import type { MessageBatch } from '@vigil/bus';
import type { StateStore } from '@vigil/state';
import { textValue, valueText } from '@vigil/state';

/**
 * Makes redelivery after a crash repeat the same insert boundaries, so the insert
 * deduplication token (topic/partition/offset range) matches and ClickHouse drops the repeat
 * (docs/decisions/096).
 *
 * Before inserting a range the writer records it as the partition's intent. A batch that
 * comes back starting at the intent's first offset (the insert may or may not have happened,
 * the commit did not) is cut at the intent's last offset: that chunk is re-inserted with the
 * same token, the rest is new. Without the intent, a redelivered batch that grew meanwhile
 * would carry a different token and its overlap would be stored twice.
 */
export interface OffsetRange {
  readonly first: number;
  readonly last: number;
}

const PREFIX = 'ingest-writer/intent/';
/** Intents outlive any redelivery by far; the TTL only keeps abandoned partitions from piling up. */
const INTENT_TTL_MILLIS = 7 * 24 * 3_600_000;

export class InsertIntents {
  constructor(private readonly state: StateStore) {}

  /**
   * The chunks to insert for `batch`, in order: the recorded intent's range first when the batch
   * repeats it, then the remainder. Each chunk is a sub-batch of the same partition.
   */
  async plan<T>(batch: MessageBatch<T>): Promise<MessageBatch<T>[]> {
    const intent = await this.read(batch.topic, batch.partition);
    const messages = batch.messages;
    const first = messages[0].offset;
    const last = messages[messages.length - 1].offset;
    if (!intent || intent.first !== first || intent.last >= last) return [batch];
    const cut = messages.findIndex((m) => m.offset > intent.last);
    return [
      { ...batch, messages: messages.slice(0, cut) },
      { ...batch, messages: messages.slice(cut) },
    ];
  }

  /** Records that `chunk` is about to be inserted; call before the insert. */
  async record(chunk: MessageBatch<unknown>): Promise<void> {
    const range: OffsetRange = { first: chunk.messages[0].offset, last: chunk.messages[chunk.messages.length - 1].offset };
    await this.state.set(key(chunk.topic, chunk.partition), textValue(JSON.stringify(range)), { ttlMillis: INTENT_TTL_MILLIS });
  }

  private async read(topic: string, partition: number): Promise<OffsetRange | undefined> {
    const text = valueText(await this.state.get(key(topic, partition)));
    if (text === undefined) return undefined;
    const parsed = JSON.parse(text) as Partial<OffsetRange>;
    return typeof parsed.first === 'number' && typeof parsed.last === 'number' ? { first: parsed.first, last: parsed.last } : undefined;
  }
}

function key(topic: string, partition: number): string {
  return `${PREFIX}${topic}/${partition}`;
}
