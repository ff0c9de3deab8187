/**
 * Prometheus label-set fingerprints and Go-style label-set strings.
 *
 * `fingerprint` is `model.LabelSet.Fingerprint()` from prometheus/common: FNV-1a 64 over the
 * label names in byte order, each name and value followed by the separator byte 0xff, printed
 * as 16 lower-case hex digits. Alertmanager's API, group keys and notification payloads all
 * use it, so it must match bit for bit (pinned in fingerprint.spec.ts).
 */

/** A set of labels: name → value. Empty values mean "absent", as in Prometheus. */
export type LabelSet = Readonly<Record<string, string>>;

const SEPARATOR_BYTE = 0xff;
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;
const TWO_POW_32 = 4294967296;
const encoder = new TextEncoder();

/** Byte-wise comparison of two strings as Go compares them (UTF-8 order). */
export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  // For strings without surrogates, UTF-16 code-unit order equals code-point order equals
  // UTF-8 byte order; only astral characters need the slow path.
  if (!/[\ud800-\udfff]/.test(a + b)) return a < b ? -1 : 1;
  const ab = encoder.encode(a);
  const bb = encoder.encode(b);
  const n = Math.min(ab.length, bb.length);
  for (let i = 0; i < n; i++) if (ab[i] !== bb[i]) return ab[i] - bb[i];
  return ab.length - bb.length;
}

/**
 * FNV-1a 64 in two 32-bit halves: the prime is 2^40 + 0x1b3, so h·prime = h·0x1b3 + (h << 40),
 * which plain doubles compute exactly (every partial product stays below 2^53).
 */
class Fnv64 {
  hi = OFFSET_HI;
  lo = OFFSET_LO;

  addByte(byte: number): void {
    const lo = (this.lo ^ byte) >>> 0;
    const product = lo * 0x1b3;
    const carry = Math.floor(product / TWO_POW_32);
    this.hi = (Math.imul(this.hi, 0x1b3) + (lo << 8) + carry) >>> 0;
    this.lo = product >>> 0;
  }

  addBytes(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) this.addByte(bytes[i]);
  }

  hex(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}

/** Label names of a set in Go's sort order (bytes). */
export function sortedLabelNames(labels: LabelSet): string[] {
  return Object.keys(labels).sort(compareUtf8);
}

/** Prometheus fingerprint of a label set, as 16 hex digits (`model.Fingerprint.String()`). */
export function fingerprint(labels: LabelSet): string {
  const hash = new Fnv64();
  for (const name of sortedLabelNames(labels)) {
    hash.addBytes(encoder.encode(name));
    hash.addByte(SEPARATOR_BYTE);
    hash.addBytes(encoder.encode(labels[name]));
    hash.addByte(SEPARATOR_BYTE);
  }
  return hash.hex();
}

/** The fingerprint as an unsigned decimal string, as Prometheus' tests print it. */
export function fingerprintDecimal(labels: LabelSet): string {
  return BigInt('0x' + fingerprint(labels)).toString(10);
}

const GO_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/** Go's `strconv.Quote`: printable characters stay, the rest become escapes. */
export function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const escape = GO_ESCAPES[ch];
    if (escape) {
      out += escape;
      continue;
    }
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else if (ch !== ' ' && /[\p{C}\p{Z}]/u.test(ch)) {
      out += code > 0xffff ? '\\U' + code.toString(16).padStart(8, '0') : '\\u' + code.toString(16).padStart(4, '0');
    } else out += ch;
  }
  return out + '"';
}

/**
 * `model.LabelSet.String()`: `{a="1", b="2"}` with each `name=%q` pair sorted as a whole
 * string (that is what Go sorts, and it differs from name order for names like `a` / `a0`).
 * Alertmanager builds group keys from it.
 */
export function labelSetString(labels: LabelSet): string {
  const pairs = Object.keys(labels).map((name) => `${name}=${goQuote(labels[name])}`);
  pairs.sort(compareUtf8);
  return `{${pairs.join(', ')}}`;
}
