import SnappyJS from 'snappyjs';
import type { MetricShape, SeriesAccumulator } from '../normalize/series-accumulator';
import { MetricKind, TemporalityKind } from '../normalize/telemetry';
import { InputError } from './input-error';
import { WIRE_I64, WIRE_LEN, WireFormatError, WireReader } from './wire-reader';

/**
 * Prometheus remote_write 1.0: a snappy *block* (not framed) compressed `WriteRequest`
 * (services/ingest/proto/prometheus/remote.proto), read off the wire like OTLP metrics.
 *
 * Types: remote_write 1.0 sends metadata separately and not always, so a family listed in
 * this request's metadata gets its type from there; otherwise the Prometheus naming
 * conventions decide (`_total`, `_count`, `_sum`, `_bucket` are counters, the rest gauges).
 * Classic histograms and summaries arrive as separate `_bucket`/`_count`/`_sum` series and are
 * kept that way, as Prometheus stores them. Staleness markers (a NaN with a special bit
 * pattern) are dropped, not refused.
 */
export function decodeRemoteWrite(compressed: Buffer, acc: SeriesAccumulator): void {
  let body: Uint8Array;
  try {
    body = SnappyJS.uncompress(compressed);
  } catch (cause) {
    throw new InputError(400, 'malformed_snappy', `body is not snappy block-compressed (remote_write 1.0): ${(cause as Error).message}`);
  }
  try {
    const reader = new WireReader(body);
    const metadata = readMetadata(body);
    const series: [number, number][] = [];
    while (reader.pos < reader.end) {
      const { field, wire } = reader.tag();
      if (field === 1 && wire === WIRE_LEN) {
        const length = reader.length();
        series.push([reader.pos, reader.pos + length]);
        reader.pos += length;
      } else reader.skip(wire);
    }
    for (const [start, end] of series) {
      reader.pos = start;
      timeSeries(reader, end, metadata, acc);
    }
  } catch (cause) {
    if (cause instanceof WireFormatError) throw new InputError(400, 'malformed_protobuf', `not a remote_write WriteRequest: ${cause.message}`);
    throw cause;
  }
}

const COUNTER = 1;
const GAUGE = 2;

function readMetadata(body: Uint8Array): Map<string, number> {
  const types = new Map<string, number>();
  const reader = new WireReader(body);
  while (reader.pos < reader.end) {
    const { field, wire } = reader.tag();
    if (field !== 3 || wire !== WIRE_LEN) {
      reader.skip(wire);
      continue;
    }
    const end = reader.endOfLength();
    let type = 0;
    let family = '';
    while (reader.pos < end) {
      const tag = reader.tag();
      if (tag.field === 1 && tag.wire === 0) type = reader.varint();
      else if (tag.field === 2 && tag.wire === WIRE_LEN) family = reader.string();
      else reader.skip(tag.wire);
    }
    if (family !== '') types.set(family, type);
  }
  return types;
}

const shapes = new Map<string, MetricShape>();

function shapeOf(name: string, metadata: Map<string, number>): MetricShape {
  const declared = metadata.get(name) ?? metadata.get(name.replace(/_(total|count|sum|bucket)$/, ''));
  const counter =
    declared === COUNTER ||
    (declared !== GAUGE && (name.endsWith('_total') || name.endsWith('_count') || name.endsWith('_sum') || name.endsWith('_bucket')));
  const cacheKey = (counter ? 'c' : 'g') + name;
  let shape = shapes.get(cacheKey);
  if (!shape) {
    shape = counter
      ? { name, type: MetricKind.Sum, monotonic: true, temporality: TemporalityKind.Cumulative, unit: '', description: '' }
      : { name, type: MetricKind.Gauge, monotonic: false, temporality: TemporalityKind.Unspecified, unit: '', description: '' };
    if (shapes.size > 50_000) shapes.clear();
    shapes.set(cacheKey, shape);
  }
  return shape;
}

function timeSeries(reader: WireReader, end: number, metadata: Map<string, number>, acc: SeriesAccumulator): void {
  const labels: string[] = [];
  let name = '';
  const samples: [number, number][] = [];
  while (reader.pos < end) {
    const { field, wire } = reader.tag();
    if (field === 1 && wire === WIRE_LEN) {
      const labelEnd = reader.endOfLength();
      let labelName = '';
      let value = '';
      while (reader.pos < labelEnd) {
        const tag = reader.tag();
        if (tag.field === 1 && tag.wire === WIRE_LEN) labelName = reader.string();
        else if (tag.field === 2 && tag.wire === WIRE_LEN) value = reader.string();
        else reader.skip(tag.wire);
      }
      if (labelName === '__name__') name = value;
      else labels.push(labelName, value);
    } else if (field === 2 && wire === WIRE_LEN) {
      const sampleEnd = reader.endOfLength();
      let value = 0;
      let timeMs = 0;
      let stale = false;
      while (reader.pos < sampleEnd) {
        const tag = reader.tag();
        if (tag.field === 1 && tag.wire === WIRE_I64) {
          stale = isStaleMarker(reader);
          value = reader.double();
        } else if (tag.field === 2 && tag.wire === 0) timeMs = reader.int64();
        else reader.skip(tag.wire);
      }
      if (stale) acc.stale++;
      else samples.push([timeMs, value]);
    } else reader.skip(wire);
  }
  const shape = shapeOf(name, metadata);
  const pointLabels = { resourceKey: '', resource: EMPTY, point: labels };
  for (const [timeMs, value] of samples) acc.sample(shape, pointLabels, timeMs, 0, value);
}

const EMPTY: readonly string[] = [];

/** Prometheus's staleness marker: NaN with payload 0x7ff0000000000002 (little-endian on the wire). */
function isStaleMarker(reader: WireReader): boolean {
  const b = reader.buf;
  const p = reader.pos;
  return b[p] === 2 && b[p + 1] === 0 && b[p + 2] === 0 && b[p + 3] === 0 && b[p + 4] === 0 && b[p + 5] === 0 && b[p + 6] === 0xf0 && b[p + 7] === 0x7f;
}
