import type { MetricShape, PointLabels, SeriesAccumulator } from '../normalize/series-accumulator';
import type { IdentityResult } from '../normalize/series-identity';
import { MetricKind, TemporalityKind } from '../normalize/telemetry';
import type { HistogramSample } from '../normalize/telemetry';
import { readKeyValue } from './otlp-any-value';
import { exponentialToExplicit } from './exponential-histogram';
import { WIRE_I64, WIRE_LEN, WireFormatError, WireReader } from './wire-reader';

/**
 * Decodes an OTLP `ExportMetricsServiceRequest` (protobuf) straight into `acc`, without
 * building message objects (docs/decisions/091). Field numbers follow
 * proto/otlp/opentelemetry/proto/metrics/v1/metrics.proto. Throws WireFormatError on bytes
 * that are not a valid encoding; point-level problems are counted in `acc.rejections`.
 */
export function decodeOtlpMetricsWire(body: Uint8Array, acc: SeriesAccumulator): void {
  const reader = new WireReader(body);
  while (reader.pos < reader.end) {
    const { field, wire } = reader.tag();
    if (field === 1 && wire === WIRE_LEN) {
      const length = reader.length();
      const end = reader.pos + length;
      resourceMetrics(reader, end, acc);
      reader.pos = end;
    } else reader.skip(wire);
  }
}

function resourceMetrics(reader: WireReader, end: number, acc: SeriesAccumulator): void {
  const resource: string[] = [];
  const scopes: [number, number][] = [];
  while (reader.pos < end) {
    const { field, wire } = reader.tag();
    if (field === 1 && wire === WIRE_LEN) {
      const resourceEnd = reader.endOfLength();
      while (reader.pos < resourceEnd) {
        const tag = reader.tag();
        if (tag.field === 1 && tag.wire === WIRE_LEN) {
          const kvEnd = reader.endOfLength();
          readKeyValue(reader, kvEnd, resource);
        } else reader.skip(tag.wire);
      }
    } else if (field === 2 && wire === WIRE_LEN) {
      // The resource may come after its scopes on the wire: remember where they are.
      const length = reader.length();
      scopes.push([reader.pos, reader.pos + length]);
      reader.pos += length;
    } else reader.skip(wire);
  }
  let resourceLabels = '';
  for (const part of resource) resourceLabels += part + '\u0003';
  const resourceKey = acc.resourceToken(resourceLabels);
  for (const [start, scopeEnd] of scopes) {
    reader.pos = start;
    while (reader.pos < scopeEnd) {
      const { field, wire } = reader.tag();
      if (field === 2 && wire === WIRE_LEN) {
        const metricEnd = reader.endOfLength();
        metric(reader, metricEnd, resourceKey, resource, acc);
        reader.pos = metricEnd;
      } else reader.skip(wire);
    }
  }
}

function metric(reader: WireReader, end: number, resourceKey: string, resource: string[], acc: SeriesAccumulator): void {
  let name = '';
  let description = '';
  let unit = '';
  let dataField = 0;
  let dataStart = 0;
  let dataEnd = 0;
  while (reader.pos < end) {
    const { field, wire } = reader.tag();
    if (wire !== WIRE_LEN) {
      reader.skip(wire);
      continue;
    }
    if (field === 1) name = reader.string();
    else if (field === 2) description = reader.string();
    else if (field === 3) unit = reader.string();
    else if (field === 5 || field === 7 || field === 9 || field === 10 || field === 11) {
      const length = reader.length();
      dataField = field;
      dataStart = reader.pos;
      dataEnd = reader.pos + length;
      reader.pos = dataEnd;
    } else reader.skip(wire);
  }
  if (dataField === 0) return; // a metric without data: nothing to take, nothing to refuse
  // Read the aggregation fields first: the shape must be known before the points.
  let temporality = TemporalityKind.Unspecified;
  let monotonic = false;
  const points: [number, number][] = [];
  reader.pos = dataStart;
  while (reader.pos < dataEnd) {
    const { field, wire } = reader.tag();
    if (field === 1 && wire === WIRE_LEN) {
      const length = reader.length();
      points.push([reader.pos, reader.pos + length]);
      reader.pos += length;
    } else if (field === 2 && wire === 0) temporality = otlpTemporality(reader.varint());
    else if (field === 3 && wire === 0) monotonic = reader.varint() !== 0;
    else reader.skip(wire);
  }
  const type =
    dataField === 5 ? MetricKind.Gauge : dataField === 7 ? MetricKind.Sum : dataField === 11 ? MetricKind.Summary : MetricKind.Histogram;
  const shape: MetricShape = { name, type, monotonic: type === MetricKind.Sum && monotonic, temporality, unit, description };
  for (const [start, pointEnd] of points) {
    reader.pos = start;
    if (dataField === 5 || dataField === 7) numberPoint(reader, pointEnd, shape, resourceKey, resource, acc);
    else if (dataField === 9) histogramPoint(reader, pointEnd, shape, resourceKey, resource, acc);
    else if (dataField === 10) exponentialPoint(reader, pointEnd, shape, resourceKey, resource, acc);
    else summaryPoint(reader, pointEnd, shape, resourceKey, resource, acc);
  }
}

function otlpTemporality(value: number): TemporalityKind {
  // OTLP: 1 = DELTA, 2 = CUMULATIVE; Vigil: 1 = CUMULATIVE, 2 = DELTA.
  return value === 1 ? TemporalityKind.Delta : value === 2 ? TemporalityKind.Cumulative : TemporalityKind.Unspecified;
}

const NO_RECORDED_VALUE = 1;

function numberPoint(reader: WireReader, end: number, shape: MetricShape, resourceKey: string, resource: string[], acc: SeriesAccumulator): void {
  const pointStart = reader.pos;
  // The attribute fields' raw bytes identify the series within this resource and metric, so a
  // known series is found without decoding its attributes (docs/decisions/091).
  let attributesStart = -1;
  let attributesEnd = -1;
  let contiguous = true;
  let timeMs = 0;
  let startMs = 0;
  let value = 0;
  let flags = 0;
  while (reader.pos < end) {
    const tagStart = reader.pos;
    const { field, wire } = reader.tag();
    if (field === 7 && wire === WIRE_LEN) {
      reader.pos = reader.endOfLength();
      if (attributesStart < 0) attributesStart = tagStart;
      else if (tagStart !== attributesEnd) contiguous = false;
      attributesEnd = reader.pos;
    } else if (field === 3 && wire === WIRE_I64) timeMs = reader.nanosAsMillis();
    else if (field === 2 && wire === WIRE_I64) startMs = reader.nanosAsMillis();
    else if (field === 4 && wire === WIRE_I64) value = reader.double();
    else if (field === 6 && wire === WIRE_I64) value = reader.sfixed64();
    else if (field === 8 && wire === 0) flags = reader.varint();
    else reader.skip(wire);
  }
  if (flags & NO_RECORDED_VALUE) {
    acc.stale++;
    return;
  }
  if (!contiguous) {
    acc.sample(shape, { resourceKey, resource, point: attributesIn(reader.buf, pointStart, end, 7) }, timeMs, startMs, value);
    return;
  }
  const rawKey = attributesStart < 0 ? '' : reader.latin1(attributesStart, attributesEnd);
  const scope = scopeOf(acc, shape, resourceKey);
  const identity = scope.get(rawKey) ?? acc.computeInScope(scope, rawKey, shape.name, resource, attributesIn(reader.buf, pointStart, end, 7));
  acc.sampleIdentified(shape, identity, timeMs, startMs, value);
}

/** The identity scope of a metric within a resource, looked up once per metric, not per point. */
const scopes = new WeakMap<MetricShape, { acc: SeriesAccumulator; resourceKey: string; scope: Map<string, IdentityResult> }>();

function scopeOf(acc: SeriesAccumulator, shape: MetricShape, resourceKey: string): Map<string, IdentityResult> {
  const cached = scopes.get(shape);
  if (cached && cached.acc === acc && cached.resourceKey === resourceKey) return cached.scope;
  const scope = acc.identityScope(shape.name, resourceKey);
  scopes.set(shape, { acc, resourceKey, scope });
  return scope;
}

/** The KeyValues of field `field` in [start, end), as [key, value, ...]. */
function attributesIn(buf: Uint8Array, start: number, end: number, field: number): string[] {
  const reader = new WireReader(buf, start, end);
  const out: string[] = [];
  while (reader.pos < end) {
    const tag = reader.tag();
    if (tag.field === field && tag.wire === WIRE_LEN) {
      const kvEnd = reader.endOfLength();
      readKeyValue(reader, kvEnd, out);
    } else reader.skip(tag.wire);
  }
  return out;
}

function histogramPoint(reader: WireReader, end: number, shape: MetricShape, resourceKey: string, resource: string[], acc: SeriesAccumulator): void {
  const attributes: string[] = [];
  const point: HistogramSample = { timeUnixMs: 0, explicitBounds: [], bucketCounts: [], sum: 0, count: 0 };
  let startMs = 0;
  let flags = 0;
  while (reader.pos < end) {
    const { field, wire } = reader.tag();
    if (field === 9 && wire === WIRE_LEN) {
      const kvEnd = reader.endOfLength();
      readKeyValue(reader, kvEnd, attributes);
    } else if (field === 3 && wire === WIRE_I64) point.timeUnixMs = reader.nanosAsMillis();
    else if (field === 2 && wire === WIRE_I64) startMs = reader.nanosAsMillis();
    else if (field === 4 && wire === WIRE_I64) point.count = reader.fixed64();
    else if (field === 5 && wire === WIRE_I64) point.sum = reader.double();
    else if (field === 6) repeatedFixed(reader, wire, point.bucketCounts, () => reader.fixed64());
    else if (field === 7) repeatedFixed(reader, wire, point.explicitBounds, () => reader.double());
    else if (field === 11 && wire === WIRE_I64) point.min = reader.double();
    else if (field === 12 && wire === WIRE_I64) point.max = reader.double();
    else if (field === 10 && wire === 0) flags = reader.varint();
    else reader.skip(wire);
  }
  if (flags & NO_RECORDED_VALUE) {
    acc.stale++;
    return;
  }
  acc.histogram(shape, labelsOf(resourceKey, resource, attributes), point, startMs);
}

function exponentialPoint(reader: WireReader, end: number, shape: MetricShape, resourceKey: string, resource: string[], acc: SeriesAccumulator): void {
  const attributes: string[] = [];
  let timeMs = 0;
  let startMs = 0;
  let count = 0;
  let sum = 0;
  let scale = 0;
  let zeroCount = 0;
  let zeroThreshold = 0;
  let flags = 0;
  let min: number | undefined;
  let max: number | undefined;
  const positive = { offset: 0, counts: [] as number[] };
  const negative = { offset: 0, counts: [] as number[] };
  while (reader.pos < end) {
    const { field, wire } = reader.tag();
    if (field === 1 && wire === WIRE_LEN) {
      const kvEnd = reader.endOfLength();
      readKeyValue(reader, kvEnd, attributes);
    } else if (field === 3 && wire === WIRE_I64) timeMs = reader.nanosAsMillis();
    else if (field === 2 && wire === WIRE_I64) startMs = reader.nanosAsMillis();
    else if (field === 4 && wire === WIRE_I64) count = reader.fixed64();
    else if (field === 5 && wire === WIRE_I64) sum = reader.double();
    else if (field === 6 && wire === 0) scale = zigzag(reader.varint());
    else if (field === 7 && wire === WIRE_I64) zeroCount = reader.fixed64();
    else if ((field === 8 || field === 9) && wire === WIRE_LEN) {
      const bucketsEnd = reader.endOfLength();
      const target = field === 8 ? positive : negative;
      while (reader.pos < bucketsEnd) {
        const tag = reader.tag();
        if (tag.field === 1 && tag.wire === 0) target.offset = zigzag(reader.varint());
        else if (tag.field === 2 && tag.wire === WIRE_LEN) {
          const packedEnd = reader.endOfLength();
          while (reader.pos < packedEnd) target.counts.push(reader.varint());
        } else if (tag.field === 2 && tag.wire === 0) target.counts.push(reader.varint());
        else reader.skip(tag.wire);
      }
    } else if (field === 10 && wire === 0) flags = reader.varint();
    else if (field === 12 && wire === WIRE_I64) min = reader.double();
    else if (field === 13 && wire === WIRE_I64) max = reader.double();
    else if (field === 14 && wire === WIRE_I64) zeroThreshold = reader.double();
    else reader.skip(wire);
  }
  if (flags & NO_RECORDED_VALUE) {
    acc.stale++;
    return;
  }
  const { explicitBounds, bucketCounts } = exponentialToExplicit(scale, zeroThreshold, zeroCount, positive, negative);
  const point: HistogramSample = { timeUnixMs: timeMs, explicitBounds, bucketCounts, sum, count, min, max };
  acc.histogram(shape, labelsOf(resourceKey, resource, attributes), point, startMs);
}

function summaryPoint(reader: WireReader, end: number, shape: MetricShape, resourceKey: string, resource: string[], acc: SeriesAccumulator): void {
  const attributes: string[] = [];
  const point = { timeUnixMs: 0, sum: 0, count: 0, quantiles: [] as { quantile: number; value: number }[] };
  let startMs = 0;
  let flags = 0;
  while (reader.pos < end) {
    const { field, wire } = reader.tag();
    if (field === 7 && wire === WIRE_LEN) {
      const kvEnd = reader.endOfLength();
      readKeyValue(reader, kvEnd, attributes);
    } else if (field === 3 && wire === WIRE_I64) point.timeUnixMs = reader.nanosAsMillis();
    else if (field === 2 && wire === WIRE_I64) startMs = reader.nanosAsMillis();
    else if (field === 4 && wire === WIRE_I64) point.count = reader.fixed64();
    else if (field === 5 && wire === WIRE_I64) point.sum = reader.double();
    else if (field === 6 && wire === WIRE_LEN) {
      const quantileEnd = reader.endOfLength();
      const quantile = { quantile: 0, value: 0 };
      while (reader.pos < quantileEnd) {
        const tag = reader.tag();
        if (tag.field === 1 && tag.wire === WIRE_I64) quantile.quantile = reader.double();
        else if (tag.field === 2 && tag.wire === WIRE_I64) quantile.value = reader.double();
        else reader.skip(tag.wire);
      }
      point.quantiles.push(quantile);
    } else if (field === 8 && wire === 0) flags = reader.varint();
    else reader.skip(wire);
  }
  if (flags & NO_RECORDED_VALUE) {
    acc.stale++;
    return;
  }
  acc.summary(shape, labelsOf(resourceKey, resource, attributes), point, startMs);
}

/** Repeated fixed-width scalars arrive packed (proto3 default) or one per tag; accept both. */
function repeatedFixed(reader: WireReader, wire: number, out: number[], read: () => number): void {
  if (wire === WIRE_LEN) {
    const end = reader.endOfLength();
    if ((end - reader.pos) % 8 !== 0) throw new WireFormatError('packed 64-bit field with a length not a multiple of 8');
    while (reader.pos < end) out.push(read());
  } else if (wire === WIRE_I64) out.push(read());
  else reader.skip(wire);
}

function zigzag(value: number): number {
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

function labelsOf(resourceKey: string, resource: string[], point: string[]): PointLabels {
  return { resourceKey, resource, point };
}
