import { crc32 } from 'node:zlib';
import type { MessageHeaders } from '../bus.port';
import type { RawMessage } from '../core/raw-message';

/**
 * One journal record on disk:
 *   u32 bodyLength | u32 crc32(body) | body
 *   body = f64 offset | f64 timestampMillis | u32 keyLength | key (UTF-8)
 *        | u32 headersLength | headers (JSON) | value
 * The CRC catches a torn or damaged record; recovery stops at the first one (see readRecords).
 */
const HEADER_BYTES = 8;
const utf8 = new TextEncoder();
const text = new TextDecoder();

export function encodeRecord(message: RawMessage): Buffer {
  const key = utf8.encode(message.keyText ?? (message.key ? text.decode(message.key) : ''));
  const headers = utf8.encode(JSON.stringify(message.headers));
  const bodyLength = 8 + 8 + 4 + key.byteLength + 4 + headers.byteLength + message.value.byteLength;
  const record = Buffer.allocUnsafe(HEADER_BYTES + bodyLength);
  let at = HEADER_BYTES;
  record.writeDoubleLE(message.offset, at);
  record.writeDoubleLE(message.timestampMillis, (at += 8));
  record.writeUInt32LE(key.byteLength, (at += 8));
  record.set(key, (at += 4));
  record.writeUInt32LE(headers.byteLength, (at += key.byteLength));
  record.set(headers, (at += 4));
  record.set(message.value, at + headers.byteLength);
  record.writeUInt32LE(bodyLength, 0);
  record.writeUInt32LE(crc32(record.subarray(HEADER_BYTES)), 4);
  return record;
}

export interface ReadResult {
  readonly messages: RawMessage[];
  /** Bytes of whole, valid records; anything after is a torn tail to cut off. */
  readonly validBytes: number;
}

/** Decodes records from a segment, stopping at the first incomplete or damaged one. */
export function readRecords(data: Buffer): ReadResult {
  const messages: RawMessage[] = [];
  let at = 0;
  while (at + HEADER_BYTES <= data.length) {
    const bodyLength = data.readUInt32LE(at);
    const end = at + HEADER_BYTES + bodyLength;
    if (end > data.length) break;
    const body = data.subarray(at + HEADER_BYTES, end);
    if (crc32(body) !== data.readUInt32LE(at + 4)) break;
    let p = 0;
    const offset = body.readDoubleLE(p);
    const timestampMillis = body.readDoubleLE((p += 8));
    const keyLength = body.readUInt32LE((p += 8));
    const keyText = text.decode(body.subarray((p += 4), p + keyLength));
    const headersLength = body.readUInt32LE((p += keyLength));
    const headers = JSON.parse(text.decode(body.subarray((p += 4), p + headersLength))) as MessageHeaders;
    const value = new Uint8Array(body.subarray(p + headersLength)); // a copy: the file buffer is dropped
    messages.push({ key: null, keyText, value, offset, timestampMillis, headers });
    at = end;
  }
  return { messages, validBytes: at };
}
