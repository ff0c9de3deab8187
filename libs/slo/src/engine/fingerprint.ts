/**
 * Deterministic identities for alerts. A replayed stream or a replica that took over a partition
 * must produce the same ids, so they are derived from labels and times only (no randomness, no
 * clock). FNV-1a 64-bit over the sorted `name=value` pairs, as hex.
 */
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK_64 = (1n << 64n) - 1n;

export function fnv1a64(text: string): string {
  let hash = FNV_OFFSET;
  const bytes = new TextEncoder().encode(text);
  for (const byte of bytes) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash.toString(16).padStart(16, '0');
}

/** Fingerprint of a label set: independent of key order. */
export function labelsFingerprint(labels: Readonly<Record<string, string>>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((key) => `${key}\u0000${labels[key]}`)
    .join('\u0001');
  return fnv1a64(canonical);
}
