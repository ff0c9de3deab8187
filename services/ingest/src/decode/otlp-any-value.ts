import type { WireReader } from './wire-reader';
import { WIRE_I64, WIRE_LEN, WIRE_VARINT } from './wire-reader';

/**
 * OTLP attributes (KeyValue / AnyValue) read straight off the wire as label strings: strings
 * as they are, numbers and booleans in their canonical text, arrays and maps as JSON, bytes as
 * base64 — the same text the OTel Collector's Prometheus exporter produces.
 */

/** Reads the KeyValue at [reader.pos, end) and appends [key, value] to `out`. */
export function readKeyValue(reader: WireReader, end: number, out: string[]): void {
  let key = '';
  let value = '';
  while (reader.pos < end) {
    const { field, wire } = reader.tag();
    if (field === 1 && wire === WIRE_LEN) key = reader.string();
    else if (field === 2 && wire === WIRE_LEN) {
      const length = reader.length();
      value = readAnyValueText(reader, reader.pos + length);
    } else reader.skip(wire);
  }
  out.push(key, value);
}

/** Reads the AnyValue at [reader.pos, end) as label text; leaves the reader at `end`. */
export function readAnyValueText(reader: WireReader, end: number): string {
  let text = '';
  while (reader.pos < end) {
    const { field, wire } = reader.tag();
    switch (field) {
      case 1:
        text = reader.string();
        break;
      case 2:
        text = reader.varint() !== 0 ? 'true' : 'false';
        break;
      case 3:
        text = String(reader.int64());
        break;
      case 4:
        text = String(reader.double());
        break;
      case 5:
      case 6: {
        const length = reader.length();
        text = JSON.stringify(readAnyValueJson(reader, reader.pos + length, field === 5 ? 'array' : 'kvlist'));
        break;
      }
      case 7:
        text = Buffer.from(reader.bytes()).toString('base64');
        break;
      default:
        reader.skip(wire);
    }
  }
  reader.pos = end;
  return text;
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

function readAnyValueJson(reader: WireReader, end: number, container: 'array' | 'kvlist'): Json {
  const items: Json[] = [];
  const object: Record<string, Json> = {};
  while (reader.pos < end) {
    const { field, wire } = reader.tag();
    if (field !== 1 || wire !== WIRE_LEN) {
      reader.skip(wire);
      continue;
    }
    const length = reader.length();
    const itemEnd = reader.pos + length;
    if (container === 'array') items.push(readAnyValue(reader, itemEnd));
    else {
      let key = '';
      let value: Json = null;
      while (reader.pos < itemEnd) {
        const tag = reader.tag();
        if (tag.field === 1 && tag.wire === WIRE_LEN) key = reader.string();
        else if (tag.field === 2 && tag.wire === WIRE_LEN) {
          const valueLength = reader.length();
          value = readAnyValue(reader, reader.pos + valueLength);
        } else reader.skip(tag.wire);
      }
      object[key] = value;
    }
  }
  reader.pos = end;
  return container === 'array' ? items : object;
}

function readAnyValue(reader: WireReader, end: number): Json {
  let value: Json = null;
  while (reader.pos < end) {
    const { field, wire } = reader.tag();
    if (field === 1 && wire === WIRE_LEN) value = reader.string();
    else if (field === 2 && wire === WIRE_VARINT) value = reader.varint() !== 0;
    else if (field === 3 && wire === WIRE_VARINT) value = reader.int64();
    else if (field === 4 && wire === WIRE_I64) value = reader.double();
    else if ((field === 5 || field === 6) && wire === WIRE_LEN) {
      const length = reader.length();
      value = readAnyValueJson(reader, reader.pos + length, field === 5 ? 'array' : 'kvlist');
    } else if (field === 7 && wire === WIRE_LEN) value = Buffer.from(reader.bytes()).toString('base64');
    else reader.skip(wire);
  }
  reader.pos = end;
  return value;
}
