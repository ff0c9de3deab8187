/**
 * Series identity: a stable 64-bit fingerprint of a metric name plus its sorted labels.
 *
 * The hash is FNV-1a 64 over `name 0xFF value 0xFF` for every label in byte order of names,
 * with the metric name hashed as the label `__name__` — exactly Prometheus's
 * `model.LabelSet.Fingerprint()`, so a series keeps the fingerprint Prometheus gives it
 * (docs/decisions/020-series-fingerprint.md). It runs on ingest's hot path, so it hashes UTF-16
 * strings as UTF-8 on the fly in 16-bit limbs: no Buffer, no bigint per byte, one allocation
 * for the result.
 */

/** One label as the fingerprint sees it (structurally the generated `Label`). */
export interface LabelPair {
  readonly name: string;
  readonly value: string;
}

/** Label name under which Prometheus stores the metric name; never a real label in Vigil. */
export const METRIC_NAME_LABEL = '__name__';

const SEPARATOR_BYTE = 0xff;

// FNV-1a 64 state as four 16-bit limbs, least significant first. Module-level so hashing
// allocates nothing; safe because JavaScript runs one hash at a time per isolate.
let h0 = 0;
let h1 = 0;
let h2 = 0;
let h3 = 0;

function reset(): void {
  // Offset basis 0xcbf29ce484222325.
  h0 = 0x2325;
  h1 = 0x8422;
  h2 = 0x9ce4;
  h3 = 0xcbf2;
}

/** XOR one byte in, then multiply by the FNV prime 0x100000001b3 = 2^40 + 0x1b3, mod 2^64. */
function addByte(byte: number): void {
  h0 ^= byte;
  const t0 = h0 * 0x1b3;
  let t1 = h1 * 0x1b3;
  let t2 = h2 * 0x1b3 + h0 * 0x100; // 2^40 shifts limb 0 into limb 2 (<< 8).
  let t3 = h3 * 0x1b3 + h1 * 0x100;
  t1 += t0 >>> 16;
  h0 = t0 & 0xffff;
  t2 += t1 >>> 16;
  h1 = t1 & 0xffff;
  t3 += t2 >>> 16;
  h2 = t2 & 0xffff;
  h3 = t3 & 0xffff;
}

/** Feeds a string as UTF-8 (lone surrogates become U+FFFD, as TextEncoder does). */
function addString(text: string): void {
  const length = text.length;
  for (let i = 0; i < length; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      addByte(code);
      continue;
    }
    if (code < 0x800) {
      addByte(0xc0 | (code >> 6));
      addByte(0x80 | (code & 0x3f));
      continue;
    }
    if (code >= 0xd800 && code <= 0xdfff) {
      const next = i + 1 < length ? text.charCodeAt(i + 1) : 0;
      if (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
        addByte(0xf0 | (code >> 18));
        addByte(0x80 | ((code >> 12) & 0x3f));
        addByte(0x80 | ((code >> 6) & 0x3f));
        addByte(0x80 | (code & 0x3f));
        continue;
      }
      code = 0xfffd;
    }
    addByte(0xe0 | (code >> 12));
    addByte(0x80 | ((code >> 6) & 0x3f));
    addByte(0x80 | (code & 0x3f));
  }
}

function addPair(name: string, value: string): void {
  addString(name);
  addByte(SEPARATOR_BYTE);
  addString(value);
  addByte(SEPARATOR_BYTE);
}

/** Compares two label names by UTF-16 code units, which matches UTF-8 byte order outside surrogates. */
function nameBefore(a: string, b: string): boolean {
  return a < b;
}

function hashSeries(name: string, labels: readonly LabelPair[]): void {
  reset();
  let nameDone = false;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!nameDone && !nameBefore(label.name, METRIC_NAME_LABEL)) {
      addPair(METRIC_NAME_LABEL, name);
      nameDone = true;
    }
    addPair(label.name, label.value);
  }
  if (!nameDone) addPair(METRIC_NAME_LABEL, name);
}

function hashLabels(labels: readonly LabelPair[]): void {
  reset();
  for (let i = 0; i < labels.length; i++) addPair(labels[i].name, labels[i].value);
}

function stateAsBigint(): bigint {
  return (BigInt(((h3 << 16) | h2) >>> 0) << 32n) | BigInt(((h1 << 16) | h0) >>> 0);
}

const HEX_PAD = '00000000';

function half(high: number, low: number): string {
  const text = (((high << 16) | low) >>> 0).toString(16);
  return text.length === 8 ? text : HEX_PAD.slice(text.length) + text;
}

function stateAsHex(): string {
  return half(h3, h2) + half(h1, h0);
}

/**
 * Fingerprint of a series as an unsigned 64-bit bigint (the proto's `fixed64 fingerprint`, the
 * store's UInt64). `labels` must be sorted by name, unique, without empty values and without
 * `__name__` — see `normalizeLabels`; unsorted input gives a different (wrong) fingerprint.
 */
export function seriesFingerprint(name: string, labels: readonly LabelPair[]): bigint {
  hashSeries(name, labels);
  return stateAsBigint();
}

/**
 * Fingerprint of a series as 16 lowercase hex characters (zero-padded): the Kafka message key
 * of `vigil.metrics.v1` and `vigil.anomalies.v1`. Same preconditions as `seriesFingerprint`.
 */
export function seriesFingerprintHex(name: string, labels: readonly LabelPair[]): string {
  hashSeries(name, labels);
  return stateAsHex();
}

/** FNV-1a 64 of a sorted label set alone (Prometheus `LabelsToSignature`), e.g. for alert groups. */
export function labelsFingerprint(labels: readonly LabelPair[]): bigint {
  hashLabels(labels);
  return stateAsBigint();
}

/** The 16-hex-char form of a fingerprint bigint. */
export function fingerprintToHex(fingerprint: bigint): string {
  return fingerprint.toString(16).padStart(16, '0');
}

/** Parses a 16-hex-char fingerprint; throws RangeError on anything else. */
export function fingerprintFromHex(hex: string): bigint {
  if (!/^[0-9a-f]{16}$/.test(hex)) throw new RangeError(`not a 16-char lowercase hex fingerprint: "${hex}"`);
  return BigInt(`0x${hex}`);
}

/**
 * Labels in the form fingerprints expect: empty values and `__name__` dropped (Prometheus
 * treats an empty value as an absent label), sorted by name. Throws RangeError on a duplicate
 * name, because which value wins would be a guess. Returns the input array itself when it is
 * already normal, so the common case allocates nothing.
 */
export function normalizeLabels<L extends LabelPair>(labels: readonly L[]): readonly L[] {
  let normal = true;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label.value === '' || label.name === METRIC_NAME_LABEL) normal = false;
    else if (i > 0 && !nameBefore(labels[i - 1].name, label.name)) normal = false;
    if (!normal) break;
  }
  if (normal) return labels;
  const kept = labels.filter((label) => label.value !== '' && label.name !== METRIC_NAME_LABEL);
  kept.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let i = 1; i < kept.length; i++) {
    if (kept[i - 1].name === kept[i].name) throw new RangeError(`duplicate label name "${kept[i].name}"`);
  }
  return kept;
}
