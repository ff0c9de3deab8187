import { mkdirSync, readdirSync, readFileSync, truncateSync } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import type { RawMessage } from '../core/raw-message';
import { encodeRecord, readRecords } from './journal-codec';

/** Segments roll at this size, so fully consumed history is deleted file by file. */
const SEGMENT_BYTES = 64 * 1024 * 1024;
const OFFSETS_FILE = 'offsets.json';
const OFFSETS_WRITE_DELAY_MILLIS = 200;

interface Segment {
  readonly baseOffset: number;
  readonly path: string;
  bytes: number;
}

interface OffsetsFile {
  /** group → "topic|partition" → next offset to consume. */
  groups: Record<string, Record<string, number>>;
  /** "topic|partition" → log end offset, so offsets never restart below a committed position. */
  ends: Record<string, number>;
}

/** What a journal held when it was opened: messages not yet deleted, and the groups' positions. */
export interface RecoveredJournal {
  /** topic → partition → retained messages (offset order) and the partition's end offset. */
  readonly partitions: ReadonlyMap<string, ReadonlyMap<number, { messages: RawMessage[]; endOffset: number }>>;
  /** group → "topic|partition" → committed next offset. */
  readonly groups: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export const partitionKey = (topic: string, partition: number) => `${topic}|${partition}`;

/**
 * The embedded bus's write-ahead log: every published message is appended to a segment file of
 * its partition and fsynced before `publish` resolves, and group offsets are saved beside them,
 * so a 2xx from ingest in embedded mode survives a crash, like a Kafka write with acks=all.
 * Concurrent publishers share one write + fsync per flush cycle.
 */
export class FileJournal {
  private pending = new Map<string, { topic: string; partition: number; records: Buffer[] }>();
  private readonly segments = new Map<string, Segment[]>();
  private readonly handles = new Map<string, FileHandle>();
  private readonly offsets: OffsetsFile;
  private tail: Promise<void> = Promise.resolve();
  private queued: Promise<void> | undefined;
  private offsetsTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(
    private readonly dir: string,
    offsets: OffsetsFile,
  ) {
    this.offsets = offsets;
  }

  /**
   * Opens (creating) the journal in `dir` and reads back what it holds, cutting torn tails.
   * Synchronous: it runs once, at start-up, before anything else uses the bus.
   */
  static open(dir: string): { journal: FileJournal; recovered: RecoveredJournal } {
    mkdirSync(dir, { recursive: true });
    const offsets = readOffsets(join(dir, OFFSETS_FILE));
    const journal = new FileJournal(dir, offsets);
    const partitions = new Map<string, Map<number, { messages: RawMessage[]; endOffset: number }>>();
    for (const topic of listDirs(dir)) {
      const byPartition = new Map<number, { messages: RawMessage[]; endOffset: number }>();
      for (const name of listDirs(join(dir, topic))) {
        const partition = Number(name);
        if (!Number.isInteger(partition)) continue;
        const key = partitionKey(topic, partition);
        const { segments, messages } = readPartition(join(dir, topic, name));
        journal.segments.set(key, segments);
        const last = messages.length > 0 ? messages[messages.length - 1].offset + 1 : 0;
        byPartition.set(partition, { messages, endOffset: Math.max(last, offsets.ends[key] ?? 0) });
      }
      partitions.set(topic, byPartition);
    }
    const groups = new Map(Object.entries(offsets.groups).map(([group, map]) => [group, new Map(Object.entries(map))]));
    return { journal, recovered: { partitions, groups } };
  }

  /** Buffers a message for the next flush. */
  append(topic: string, partition: number, message: RawMessage): void {
    const key = partitionKey(topic, partition);
    let entry = this.pending.get(key);
    if (!entry) {
      entry = { topic, partition, records: [] };
      this.pending.set(key, entry);
    }
    entry.records.push(encodeRecord(message));
    this.offsets.ends[key] = message.offset + 1;
  }

  /** Resolves once everything appended before the call is on disk (written and fsynced). */
  flush(): Promise<void> {
    if (this.queued) return this.queued;
    const cycle = this.tail.then(() => {
      this.queued = undefined;
      return this.writePending();
    });
    this.queued = cycle;
    this.tail = cycle.catch(() => undefined);
    return cycle;
  }

  /** Records a group's committed position; saved shortly after (a lost one means redelivery, not loss). */
  commit(groupId: string, topic: string, partition: number, nextOffset: number): void {
    (this.offsets.groups[groupId] ??= {})[partitionKey(topic, partition)] = nextOffset;
    if (!this.offsetsTimer && !this.closed) {
      this.offsetsTimer = setTimeout(() => {
        this.offsetsTimer = undefined;
        this.tail = this.tail.then(() => this.writeOffsets()).catch(() => undefined);
      }, OFFSETS_WRITE_DELAY_MILLIS);
      this.offsetsTimer.unref();
    }
  }

  /** Deletes the segments of a partition whose messages all lie below `firstOffset`. */
  trimmed(topic: string, partition: number, firstOffset: number): void {
    const segments = this.segments.get(partitionKey(topic, partition));
    if (!segments || segments.length < 2 || segments[1].baseOffset > firstOffset) return;
    const doomed: Segment[] = [];
    while (segments.length > 1 && segments[1].baseOffset <= firstOffset) doomed.push(segments.shift() as Segment);
    this.tail = this.tail.then(async () => {
      for (const segment of doomed) await rm(segment.path, { force: true });
    });
  }

  /** Flushes, saves offsets and closes the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    clearTimeout(this.offsetsTimer);
    await this.tail;
    await this.writeOffsets();
    await Promise.all([...this.handles.values()].map((handle) => handle.close()));
    this.handles.clear();
  }

  private async writePending(): Promise<void> {
    if (this.closed) throw new Error('journal is closed');
    const batch = this.pending;
    this.pending = new Map();
    const touched = new Set<FileHandle>();
    for (const [key, { topic, partition, records }] of batch) {
      const data = records.length === 1 ? records[0] : Buffer.concat(records);
      const firstOffset = data.readDoubleLE(8);
      const handle = await this.activeSegment(key, topic, partition, firstOffset, data.length);
      await handle.write(data);
      touched.add(handle);
    }
    await Promise.all([...touched].map((handle) => handle.datasync()));
  }

  private async activeSegment(key: string, topic: string, partition: number, firstOffset: number, bytes: number): Promise<FileHandle> {
    const segments = this.segments.get(key) ?? [];
    this.segments.set(key, segments);
    let current = segments[segments.length - 1];
    if (!current || current.bytes + bytes > SEGMENT_BYTES) {
      await this.handles.get(key)?.close();
      this.handles.delete(key);
      const folder = join(this.dir, topic, String(partition));
      await mkdir(folder, { recursive: true });
      current = { baseOffset: firstOffset, path: join(folder, `${String(firstOffset).padStart(20, '0')}.log`), bytes: 0 };
      segments.push(current);
    }
    let handle = this.handles.get(key);
    if (!handle) {
      handle = await open(current.path, 'a');
      this.handles.set(key, handle);
    }
    current.bytes += bytes;
    return handle;
  }

  private async writeOffsets(): Promise<void> {
    const path = join(this.dir, OFFSETS_FILE);
    const temp = `${path}.tmp`;
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(JSON.stringify(this.offsets));
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  }
}

function listDirs(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}

function readOffsets(path: string): OffsetsFile {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<OffsetsFile>;
    return { groups: parsed.groups ?? {}, ends: parsed.ends ?? {} };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { groups: {}, ends: {} };
    throw new Error(`bus journal: cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
}

/** Reads a partition's segments in order; a torn tail of the last one is cut off. */
function readPartition(folder: string): { segments: Segment[]; messages: RawMessage[] } {
  const names = readdirSync(folder)
    .filter((n) => n.endsWith('.log'))
    .sort();
  const segments: Segment[] = [];
  const messages: RawMessage[] = [];
  for (const name of names) {
    const path = join(folder, name);
    const data = readFileSync(path);
    const { messages: read, validBytes } = readRecords(data);
    if (validBytes < data.length) truncateSync(path, validBytes);
    segments.push({ baseOffset: Number(name.slice(0, -4)), path, bytes: validBytes });
    messages.push(...read);
  }
  return { segments, messages };
}
