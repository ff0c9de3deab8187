/**
 * Snapshot layout: every piece of detector state lives in typed arrays whose sizes depend only on
 * the code version, never on the data, so a snapshot is those arrays' bytes back to back behind a
 * small header, and a restore copies them back. Copying raw IEEE-754 bytes (no rounding, no
 * text) is what makes verdicts after a restore identical to verdicts without one.
 */

const MAGIC_0 = 0x56; // 'V'
const MAGIC_1 = 0x44; // 'D'
/**
 * 2: the contextual tier's arrays are appended after those of format 1 (decision 168). A format-1
 * snapshot is still restored: it fills the arrays it has, and the contextual tier starts fresh.
 */
export const STATE_FORMAT_VERSION = 2;
const HEADER_BYTES = 8; // magic (2) + version (1) + reserved (1) + payload length (4)

/** Thrown when bytes are not a snapshot this code can restore. */
export class SnapshotFormatError extends Error {
  constructor(reason: string) {
    super(`detector snapshot: ${reason}`);
    this.name = 'SnapshotFormatError';
  }
}

type StateArray = Float64Array | Float32Array | Uint16Array | Uint8Array;

const bytesOf = (a: StateArray): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export function stateBytes(arrays: readonly StateArray[]): number {
  return HEADER_BYTES + arrays.reduce((sum, a) => sum + a.byteLength, 0);
}

export function encodeState(arrays: readonly StateArray[]): Uint8Array {
  const out = new Uint8Array(stateBytes(arrays));
  const view = new DataView(out.buffer);
  out[0] = MAGIC_0;
  out[1] = MAGIC_1;
  out[2] = STATE_FORMAT_VERSION;
  view.setUint32(4, out.length - HEADER_BYTES, true);
  let offset = HEADER_BYTES;
  for (const a of arrays) {
    out.set(bytesOf(a), offset);
    offset += a.byteLength;
  }
  return out;
}

/**
 * Copies a snapshot into `arrays`. `formatOneArrays` is the prefix of `arrays` that format 1 held:
 * a format-1 snapshot is restored into those, leaving the rest as constructed.
 */
export function decodeStateInto(bytes: Uint8Array, arrays: readonly StateArray[], formatOneArrays: readonly StateArray[]): void {
  if (bytes.length < HEADER_BYTES || bytes[0] !== MAGIC_0 || bytes[1] !== MAGIC_1) throw new SnapshotFormatError('not a Vigil detector snapshot');
  const version = bytes[2];
  if (version !== STATE_FORMAT_VERSION && version !== 1) throw new SnapshotFormatError(`format version ${version}, this code reads 1 and ${STATE_FORMAT_VERSION}`);
  if (version === 1) arrays = formatOneArrays;
  const expected = stateBytes(arrays);
  if (bytes.length !== expected) throw new SnapshotFormatError(`${bytes.length} bytes, expected ${expected}`);
  let offset = HEADER_BYTES;
  for (const a of arrays) {
    bytesOf(a).set(bytes.subarray(offset, offset + a.byteLength));
    offset += a.byteLength;
  }
}
