import { create, toBinary } from '@bufbuild/protobuf';
import { HistogramPointSchema, SummaryPointSchema } from '@vigil/contracts';
import type { SeriesIdentity, SeriesPoints } from '../normalize/telemetry';

/**
 * Encodes a `vigil.v1.MetricBatch` (proto/vigil/v1/metrics.proto) without building protobuf-es
 * messages. The generated encoder spends ~80 % of ingest's publish time on reflection and
 * per-field allocations; here the part of a series that does not change between requests
 * (fingerprint, tenant, name, labels, type, unit, description: fields 1–9) is encoded once per
 * series and cached, and each request only appends its points (docs/decisions/091). The output
 * decodes with contracts' `decodePayload`; metric-batch-encoder.spec.ts holds it to that.
 */
const utf8 = new TextEncoder();
const LEN = 2;
const VARINT = 0;
const I64 = 1;

class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  pos = 0;

  constructor(size: number) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }

  tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** Unsigned varint of a non-negative integer below 2^53. */
  varint(value: number): void {
    while (value >= 0x80) {
      this.buf[this.pos++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.buf[this.pos++] = value;
  }

  fixed64(value: bigint): void {
    this.view.setBigUint64(this.pos, value, true);
    this.pos += 8;
  }

  double(value: number): void {
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
  }

  bytes(bytes: Uint8Array): void {
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  result(): Uint8Array {
    return this.pos === this.buf.length ? this.buf : this.buf.subarray(0, this.pos);
  }
}

function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    size++;
  }
  return size;
}

function stringField(field: number, text: string, parts: Uint8Array[]): void {
  if (text === '') return;
  const bytes = utf8.encode(text);
  const head = new ByteWriter(10);
  head.tag(field, LEN);
  head.varint(bytes.length);
  parts.push(head.result(), bytes);
}

interface CachedHeader {
  readonly shapeKey: string;
  readonly bytes: Uint8Array;
}

const headers = new WeakMap<SeriesIdentity, CachedHeader>();

/** Fields 1–9 of a Series: identity and shape. */
function seriesHeader(series: SeriesPoints): Uint8Array {
  const shapeKey = `${series.type}|${series.monotonic}|${series.temporality}|${series.unit}|${series.description}`;
  const cached = headers.get(series.identity);
  if (cached && cached.shapeKey === shapeKey) return cached.bytes;
  const { identity } = series;
  const parts: Uint8Array[] = [];
  const fingerprint = new ByteWriter(9);
  fingerprint.tag(1, I64);
  fingerprint.fixed64(identity.fingerprint);
  parts.push(fingerprint.result());
  stringField(2, identity.tenant, parts);
  stringField(3, identity.name, parts);
  for (const label of identity.labels) {
    const name = utf8.encode(label.name);
    const value = utf8.encode(label.value);
    const inner = 1 + varintSize(name.length) + name.length + 1 + varintSize(value.length) + value.length;
    const w = new ByteWriter(1 + varintSize(inner) + inner);
    w.tag(4, LEN);
    w.varint(inner);
    w.tag(1, LEN);
    w.varint(name.length);
    w.bytes(name);
    w.tag(2, LEN);
    w.varint(value.length);
    w.bytes(value);
    parts.push(w.result());
  }
  const scalars = new ByteWriter(12);
  scalars.tag(5, VARINT);
  scalars.varint(series.type);
  if (series.monotonic) {
    scalars.tag(6, VARINT);
    scalars.varint(1);
  }
  if (series.temporality !== 0) {
    scalars.tag(7, VARINT);
    scalars.varint(series.temporality);
  }
  parts.push(scalars.result());
  stringField(8, series.unit, parts);
  stringField(9, series.description, parts);
  const size = parts.reduce((n, p) => n + p.length, 0);
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  headers.set(identity, { shapeKey, bytes });
  return bytes;
}

/** Histogram and summary points are rare next to samples: the generated encoder is fine. */
function pointMessages(series: SeriesPoints): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const h of series.histograms) {
    out.push(toBinary(HistogramPointSchema, create(HistogramPointSchema, { ...h, count: BigInt(h.count), bucketCounts: h.bucketCounts.map(BigInt) })));
  }
  for (const s of series.summaries) out.push(toBinary(SummaryPointSchema, create(SummaryPointSchema, { ...s, count: BigInt(s.count) })));
  return out;
}

/** The bytes of a MetricBatch holding `seriesList`. */
export function encodeMetricBatch(seriesList: readonly SeriesPoints[]): Uint8Array {
  const plans = seriesList.map((series) => {
    const header = seriesHeader(series);
    // Times are doubles on the wire (contracts decision 021): exact for every millisecond.
    const timesBytes = series.sampleTimesUnixMs.length * 8;
    const valuesBytes = series.sampleValues.length * 8;
    const points = pointMessages(series);
    let size = header.length;
    if (series.startTimeUnixMs !== 0) size += 1 + 8;
    if (timesBytes > 0) size += 1 + varintSize(timesBytes) + timesBytes + 1 + varintSize(valuesBytes) + valuesBytes;
    for (const p of points) size += 1 + varintSize(p.length) + p.length;
    return { series, header, timesBytes, valuesBytes, points, size };
  });
  const total = plans.reduce((n, p) => n + 1 + varintSize(p.size) + p.size, 0);
  const writer = new ByteWriter(total);
  for (const plan of plans) {
    const { series } = plan;
    writer.tag(1, LEN);
    writer.varint(plan.size);
    writer.bytes(plan.header);
    if (series.startTimeUnixMs !== 0) {
      writer.tag(10, I64);
      writer.double(series.startTimeUnixMs);
    }
    if (plan.timesBytes > 0) {
      writer.tag(11, LEN);
      writer.varint(plan.timesBytes);
      for (const t of series.sampleTimesUnixMs) writer.double(t);
      writer.tag(12, LEN);
      writer.varint(plan.valuesBytes);
      for (const v of series.sampleValues) writer.double(v);
    }
    const histogramCount = series.histograms.length;
    plan.points.forEach((bytes, i) => {
      writer.tag(i < histogramCount ? 13 : 14, LEN);
      writer.varint(bytes.length);
      writer.bytes(bytes);
    });
  }
  return writer.result();
}
