import { fromBinary } from '@bufbuild/protobuf';
import type { HistogramPoint, Label, MetricBatch, Series, SummaryPoint } from '@vigil/contracts';
import { DecodeError, HistogramPointSchema, METRIC_NAME_LABEL, SummaryPointSchema, TOPICS, seriesFingerprint } from '@vigil/contracts';
import { WIRE_I64, WIRE_LEN, WireFormatError, WireReader } from '../decode/wire-reader';

/**
 * The writer's decoder of `vigil.metrics.v1`: the same result and the same checks as contracts'
 * `decodePayload` (tenant, name, type, sorted labels without `__name__`, column lengths, bucket
 * counts, fingerprint), read straight off the wire. protobuf-es builds each message through
 * reflection, which was the writer's largest cost (docs/decisions/091). Histogram and summary
 * points, rare next to samples, still go through the generated decoder. Throws DecodeError, so
 * the bus dead-letters a bad message as it would with decodePayload.
 */
export function decodeMetricBatchFast(bytes: Uint8Array): MetricBatch {
  const series: Series[] = [];
  try {
    const reader = new WireReader(bytes);
    while (reader.pos < reader.end) {
      const { field, wire } = reader.tag();
      if (field === 1 && wire === WIRE_LEN) {
        const end = reader.endOfLength();
        const decoded = readSeries(reader, end);
        const problem = seriesProblem(decoded.series, decoded.identityChecked);
        if (problem) throw new DecodeError(TOPICS.metrics, 'invalid', `series[${series.length}]${problem}`);
        series.push(decoded.series);
        reader.pos = end;
      } else reader.skip(wire);
    }
  } catch (cause) {
    if (cause instanceof WireFormatError) throw new DecodeError(TOPICS.metrics, 'malformed', cause.message, { cause });
    throw cause;
  }
  return { $typeName: 'vigil.v1.MetricBatch', series };
}

/** Fields 1–9 of a Series whose identity (labels sorted, fingerprint matching) was checked once. */
interface KnownHeader {
  readonly bytes: Uint8Array;
  readonly fingerprint: bigint;
  readonly tenant: string;
  readonly name: string;
  /** Shared by every Series decoded from these bytes: never mutated downstream. */
  readonly labels: Label[];
  readonly type: number;
  readonly monotonic: boolean;
  readonly temporality: number;
  readonly unit: string;
  readonly description: string;
}

/**
 * Series headers seen before, by fingerprint. The publisher writes fields 1–9 first and
 * identically for a series every time (metric-batch-encoder caches them), so a header whose
 * bytes equal a known one is taken as is: no label strings decoded, no fingerprint recomputed,
 * which were half of the writer's decoding cost and much of its garbage. Any other layout is
 * decoded and checked in full.
 */
const knownHeaders = new Map<number, KnownHeader>();
const MAX_KNOWN_HEADERS = 200_000;
const TWO_POW_32 = 4294967296;

function knownHeaderAt(reader: WireReader, end: number): KnownHeader | undefined {
  const buf = reader.buf;
  const at = reader.pos;
  if (at + 9 > end || buf[at] !== 0x09) return undefined; // field 1, fixed64
  const view = new DataView(buf.buffer, buf.byteOffset + at + 1, 8);
  const known = knownHeaders.get(view.getUint32(4, true) * TWO_POW_32 + view.getUint32(0, true));
  if (!known || at + known.bytes.length > end) return undefined;
  const candidate = buf.subarray(at, at + known.bytes.length);
  return Buffer.compare(candidate, known.bytes) === 0 ? known : undefined;
}

function rememberHeader(reader: WireReader, start: number, end: number, series: Series): void {
  if (knownHeaders.size >= MAX_KNOWN_HEADERS) knownHeaders.clear();
  const bytes = new Uint8Array(reader.buf.subarray(start, end)); // a copy: a Kafka Buffer may be a view of a reused fetch buffer
  const view = new DataView(bytes.buffer, bytes.byteOffset + 1, 8);
  const { fingerprint, tenant, name, labels, type, monotonic, temporality, unit, description } = series;
  knownHeaders.set(view.getUint32(4, true) * TWO_POW_32 + view.getUint32(0, true), { bytes, fingerprint, tenant, name, labels, type, monotonic, temporality, unit, description });
}

function readSeries(reader: WireReader, end: number): { series: Series; identityChecked: boolean } {
  const start = reader.pos;
  const known = knownHeaderAt(reader, end);
  const series: Series = {
    $typeName: 'vigil.v1.Series',
    fingerprint: known?.fingerprint ?? 0n,
    tenant: known?.tenant ?? '',
    name: known?.name ?? '',
    labels: known?.labels ?? [],
    type: known?.type ?? 0,
    monotonic: known?.monotonic ?? false,
    temporality: known?.temporality ?? 0,
    unit: known?.unit ?? '',
    description: known?.description ?? '',
    startTimeUnixMs: 0,
    sampleTimesUnixMs: [],
    sampleValues: [],
    histograms: [],
    summaries: [],
  };
  let identityChecked = known !== undefined;
  if (known) reader.pos += known.bytes.length;
  // True while every field so far was one of 1–9, read from the series' first byte on.
  let headerOpen = !known;
  while (reader.pos < end) {
    const fieldStart = reader.pos;
    const { field, wire } = reader.tag();
    if (headerOpen && field > 9) {
      headerOpen = false;
      if (fieldStart > start && !seriesIdentityProblem(series)) {
        rememberHeader(reader, start, fieldStart, series);
        identityChecked = true;
      }
    } else if (identityChecked && field <= 9) {
      // A header field again after a known header: an unusual producer. Check it all, share nothing.
      identityChecked = false;
      series.labels = [...series.labels];
    }
    switch (field) {
      case 1:
        series.fingerprint = reader.fixed64Big();
        break;
      case 2:
        series.tenant = reader.string();
        break;
      case 3:
        series.name = reader.string();
        break;
      case 4: {
        const labelEnd = reader.endOfLength();
        const label: Label = { $typeName: 'vigil.v1.Label', name: '', value: '' };
        while (reader.pos < labelEnd) {
          const tag = reader.tag();
          if (tag.field === 1 && tag.wire === WIRE_LEN) label.name = reader.string();
          else if (tag.field === 2 && tag.wire === WIRE_LEN) label.value = reader.string();
          else reader.skip(tag.wire);
        }
        series.labels.push(label);
        break;
      }
      case 5:
        series.type = reader.varint();
        break;
      case 6:
        series.monotonic = reader.varint() !== 0;
        break;
      case 7:
        series.temporality = reader.varint();
        break;
      case 8:
        series.unit = reader.string();
        break;
      case 9:
        series.description = reader.string();
        break;
      case 10:
        series.startTimeUnixMs = reader.double();
        break;
      case 11:
        repeatedDouble(reader, wire, series.sampleTimesUnixMs);
        break;
      case 12:
        repeatedDouble(reader, wire, series.sampleValues);
        break;
      case 13:
        series.histograms.push(fromBinary(HistogramPointSchema, reader.bytes()) as HistogramPoint);
        break;
      case 14:
        series.summaries.push(fromBinary(SummaryPointSchema, reader.bytes()) as SummaryPoint);
        break;
      default:
        reader.skip(wire);
    }
  }
  return { series, identityChecked };
}

function repeatedDouble(reader: WireReader, wire: number, out: number[]): void {
  if (wire === WIRE_I64) {
    out.push(reader.double());
    return;
  }
  if (wire !== WIRE_LEN) return reader.skip(wire);
  const end = reader.endOfLength();
  if ((end - reader.pos) % 8 !== 0) throw new WireFormatError('packed double field with a length not a multiple of 8');
  while (reader.pos < end) out.push(reader.double());
}

function seriesProblem(series: Series, identityChecked: boolean): string | undefined {
  const identity = identityChecked ? undefined : seriesIdentityProblem(series);
  if (identity) return identity;
  if (series.sampleTimesUnixMs.length !== series.sampleValues.length) {
    return ` has ${series.sampleTimesUnixMs.length} sample times but ${series.sampleValues.length} values`;
  }
  for (let i = 0; i < series.histograms.length; i++) {
    const point = series.histograms[i];
    if (point.bucketCounts.length !== point.explicitBounds.length + 1) return `.histograms[${i}] has ${point.bucketCounts.length} bucket counts for ${point.explicitBounds.length} bounds`;
  }
  return undefined;
}

/** The checks that depend on fields 1–9 only (so a known header passed them). */
function seriesIdentityProblem(series: Series): string | undefined {
  if (series.tenant === '') return '.tenant is empty';
  if (series.name === '') return '.name is empty';
  if (series.type === 0) return '.type is unspecified';
  const labels = series.labels;
  for (let i = 0; i < labels.length; i++) {
    const { name, value } = labels[i];
    if (name === '' || value === '') return `.labels[${i}] has an empty name or value`;
    if (name === METRIC_NAME_LABEL) return `.labels[${i}] is ${METRIC_NAME_LABEL}; the name goes in the name field`;
    if (i > 0 && !(labels[i - 1].name < name)) return `.labels not sorted by name or has a duplicate at [${i}] "${name}"`;
  }
  if (seriesFingerprint(series.name, series.labels) !== series.fingerprint) return '.fingerprint does not match name and labels (see seriesFingerprint)';
  return undefined;
}
