/**
 * A minimal protobuf wire reader for the hot path (OTLP metrics). The generated protobuf-es
 * decoder builds one object per message and reads ~70k points/s on this machine kind; reading
 * the wire directly into series is several times faster (docs/decisions/091).
 */

/** Thrown for bytes that are not a valid protobuf encoding (truncated, bad wire type). */
export class WireFormatError extends Error {
  override readonly name = 'WireFormatError';
}

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

const TWO_POW_32 = 4294967296;

export class WireReader {
  pos: number;
  private readonly view: DataView;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** Bytes [start, end) as a latin1 string: a cheap, exact cache key for raw protobuf bytes. */
  latin1(start: number, end: number): string {
    return Buffer.from(this.buf.buffer, this.buf.byteOffset + start, end - start).toString('latin1');
  }

  /** Reads an unsigned varint of up to 53 bits exactly (larger values lose low bits). */
  varint(): number {
    let result = 0;
    let multiplier = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new WireFormatError('truncated varint');
      const byte = this.buf[this.pos++];
      result += (byte & 0x7f) * multiplier;
      if (byte < 0x80) return result;
      multiplier *= 128;
    }
    throw new WireFormatError('varint longer than 10 bytes');
  }

  /** A varint read as a signed int64 (two's complement), exact within ±2^53. */
  int64(): number {
    const start = this.pos;
    const value = this.varint();
    // Negative int64 values take 10 bytes; re-read as BigInt for those only.
    if (this.pos - start < 10) return value;
    let big = 0n;
    let shift = 0n;
    for (let p = start; p < this.pos; p++) {
      big |= BigInt(this.buf[p] & 0x7f) << shift;
      shift += 7n;
    }
    return Number(BigInt.asIntN(64, big));
  }

  tag(): { field: number; wire: number } {
    const key = this.varint();
    return { field: Math.floor(key / 8), wire: key & 7 };
  }

  double(): number {
    this.need(8);
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  /** A fixed64 as a JS number (exact below 2^53). */
  fixed64(): number {
    this.need(8);
    const lo = this.view.getUint32(this.pos, true);
    const hi = this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    return hi * TWO_POW_32 + lo;
  }

  /** A fixed64 as an exact unsigned bigint. */
  fixed64Big(): bigint {
    this.need(8);
    const value = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return value;
  }

  sfixed64(): number {
    this.need(8);
    const value = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return Number(value);
  }

  /** A fixed64 nanosecond timestamp converted exactly to whole milliseconds. */
  nanosAsMillis(): number {
    this.need(8);
    const lo = this.view.getUint32(this.pos, true);
    const hi = this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    // (hi * 2^32 + lo) / 1e6 without leaving the exact range of doubles.
    const hiQuotient = Math.floor(hi / 1e6);
    const hiRemainder = hi - hiQuotient * 1e6;
    return hiQuotient * TWO_POW_32 + Math.floor((hiRemainder * TWO_POW_32 + lo) / 1e6);
  }

  /** Length of a length-delimited field; leaves `pos` at its first byte. */
  length(): number {
    const length = this.varint();
    if (this.pos + length > this.end) throw new WireFormatError(`length ${length} runs past the end of the message`);
    return length;
  }

  /** Reads a length prefix and returns where the field ends (its first byte is at `pos`). */
  endOfLength(): number {
    const length = this.length();
    return this.pos + length;
  }

  string(): string {
    const length = this.length();
    const start = this.pos;
    this.pos += length;
    return decodeUtf8(this.buf, start, this.pos);
  }

  bytes(): Uint8Array {
    const length = this.length();
    const start = this.pos;
    this.pos += length;
    return this.buf.subarray(start, this.pos);
  }

  skip(wire: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.varint();
        return;
      case WIRE_I64:
        this.need(8);
        this.pos += 8;
        return;
      case WIRE_LEN:
        this.pos = this.endOfLength();
        return;
      case WIRE_I32:
        this.need(4);
        this.pos += 4;
        return;
      default:
        throw new WireFormatError(`unsupported wire type ${wire}`);
    }
  }

  private need(bytes: number): void {
    if (this.pos + bytes > this.end) throw new WireFormatError('truncated fixed-width field');
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** UTF-8 decoding with an ASCII fast path: label keys and values are almost always ASCII. */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  if (end - start < 32) {
    let ascii = '';
    for (let i = start; i < end; i++) {
      const code = buf[i];
      if (code > 0x7f) return utf8.decode(buf.subarray(start, end));
      ascii += String.fromCharCode(code);
    }
    return ascii;
  }
  return utf8.decode(buf.subarray(start, end));
}
