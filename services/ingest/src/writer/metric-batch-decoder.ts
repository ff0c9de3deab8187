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
        series.push(readSeries(reader, end));
        reader.pos = end;
      } else reader.skip(wire);
    }
  } catch (cause) {
    if (cause instanceof WireFormatError) throw new DecodeError(TOPICS.metrics, 'malformed', cause.message, { cause });
    throw cause;
  }
  for (let i = 0; i < series.length; i++) {
    const problem = seriesProblem(series[i]);
    if (problem) throw new DecodeError(TOPICS.metrics, 'invalid', `series[${i}]${problem}`);
  }
  return { $typeName: 'vigil.v1.MetricBatch', series };
}

function readSeries(reader: WireReader, end: number): Series {
  const series: Series = {
    $typeName: 'vigil.v1.Series',
    fingerprint: 0n,
    tenant: '',
    name: '',
    labels: [],
    type: 0,
    monotonic: false,
    temporality: 0,
    unit: '',
    description: '',
    startTimeUnixMs: 0,
    sampleTimesUnixMs: [],
    sampleValues: [],
    histograms: [],
    summaries: [],
  };
  while (reader.pos < end) {
    const { field, wire } = reader.tag();
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
  return series;
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

function seriesProblem(series: Series): string | undefined {
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
  if (series.sampleTimesUnixMs.length !== series.sampleValues.length) {
    return ` has ${series.sampleTimesUnixMs.length} sample times but ${series.sampleValues.length} values`;
  }
  for (let i = 0; i < series.histograms.length; i++) {
    const point = series.histograms[i];
    if (point.bucketCounts.length !== point.explicitBounds.length + 1) return `.histograms[${i}] has ${point.bucketCounts.length} bucket counts for ${point.explicitBounds.length} bounds`;
  }
  if (seriesFingerprint(series.name, series.labels) !== series.fingerprint) return '.fingerprint does not match name and labels (see seriesFingerprint)';
  return undefined;
}
