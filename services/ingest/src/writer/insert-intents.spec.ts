import type { MessageBatch } from '@vigil/bus';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { MemoryState } from '@vigil/state';
import { InsertIntents } from './insert-intents';
import { deduplicationToken } from './telemetry-batch-writer';

function batch(first: number, last: number): MessageBatch<number> {
  const messages = [];
  for (let offset = first; offset <= last; offset++) messages.push({ key: 'k', value: offset, offset, timestampMillis: 0, headers: {}, traceContext: ROOT_CONTEXT });
  return { topic: 'vigil.metrics.v1', partition: 3, groupId: 'ingest-writer', messages, attempt: 1 };
}

/** The writer's loop without the store: plan, record, "insert" (remember the token). */
async function write(intents: InsertIntents, delivered: MessageBatch<number>, inserted: string[]): Promise<void> {
  for (const chunk of await intents.plan(delivered)) {
    await intents.record(chunk);
    inserted.push(deduplicationToken(chunk));
  }
}

describe('insert intents', () => {
  it('cuts a redelivered, longer batch at the boundary of the insert that was not committed', async () => {
    const intents = new InsertIntents(await MemoryState.open());
    const inserted: string[] = [];
    await write(intents, batch(100, 149), inserted); // inserted, then the writer died before the commit
    await write(intents, batch(100, 199), inserted); // redelivered with more messages behind
    expect(inserted).toEqual(['vigil.metrics.v1/3/100-149', 'vigil.metrics.v1/3/100-149', 'vigil.metrics.v1/3/150-199']);
  });

  it('leaves a batch alone when the intent belongs to an earlier, committed range', async () => {
    const intents = new InsertIntents(await MemoryState.open());
    const inserted: string[] = [];
    await write(intents, batch(0, 9), inserted);
    await write(intents, batch(10, 30), inserted);
    expect(inserted).toEqual(['vigil.metrics.v1/3/0-9', 'vigil.metrics.v1/3/10-30']);
  });
});
