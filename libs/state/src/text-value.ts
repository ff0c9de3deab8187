const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** UTF-8 bytes of `text`, for storing text values. */
export function textValue(text: string): Uint8Array {
  return encoder.encode(text);
}

/** The text of a UTF-8 value (undefined stays undefined). */
export function valueText(value: Uint8Array | undefined): string | undefined {
  return value === undefined ? undefined : decoder.decode(value);
}

/** Byte-for-byte equality. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Rejects a TTL that is not a positive finite number of milliseconds. */
export function checkTtl(ttlMillis: number | undefined, what = 'ttlMillis'): void {
  if (ttlMillis !== undefined && !(Number.isFinite(ttlMillis) && ttlMillis > 0)) {
    throw new RangeError(`${what} must be a positive number of milliseconds, got ${ttlMillis}`);
  }
}
