import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** What a snapshot holds: live keys with their values and absolute expiry. */
export interface SnapshotEntry {
  readonly key: string;
  readonly value: Uint8Array;
  /** Unix milliseconds, or undefined for no expiry. */
  readonly expiresAtMillis?: number;
}

const FORMAT = 'vigil-state-snapshot';
const VERSION = 1;

interface SnapshotFileV1 {
  format: typeof FORMAT;
  version: 1;
  savedAtMillis: number;
  /** [key, base64 value, expiresAtMillis | null] */
  entries: Array<[string, string, number | null]>;
}

/**
 * Writes a snapshot so that a crash at any moment leaves either the old file or the new one:
 * write a temp file in the same folder, fsync it, rename it over the target (atomic on POSIX),
 * then fsync the folder so the rename itself is durable.
 */
export async function writeSnapshot(path: string, entries: Iterable<SnapshotEntry>, savedAtMillis: number): Promise<void> {
  const file: SnapshotFileV1 = { format: FORMAT, version: VERSION, savedAtMillis, entries: [] };
  for (const entry of entries) {
    file.entries.push([entry.key, Buffer.from(entry.value.buffer, entry.value.byteOffset, entry.value.byteLength).toString('base64'), entry.expiresAtMillis ?? null]);
  }
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(JSON.stringify(file));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const folder = await open(dirname(path), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/** Reads a snapshot; an absent file is an empty state, a damaged one is an error naming the file. */
export async function readSnapshot(path: string): Promise<SnapshotEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let file: SnapshotFileV1;
  try {
    file = JSON.parse(text) as SnapshotFileV1;
  } catch (cause) {
    throw new Error(`State snapshot ${path} is not valid JSON; move it aside to start empty`, { cause });
  }
  if (file.format !== FORMAT || file.version !== VERSION || !Array.isArray(file.entries)) {
    throw new Error(`State snapshot ${path} has an unknown format (expected ${FORMAT} v${VERSION})`);
  }
  return file.entries.map(([key, value, expiresAtMillis]) => ({
    key,
    value: new Uint8Array(Buffer.from(value, 'base64')),
    expiresAtMillis: expiresAtMillis ?? undefined,
  }));
}
