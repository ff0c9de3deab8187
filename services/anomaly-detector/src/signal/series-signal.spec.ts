import { create } from '@bufbuild/protobuf';
import { MetricType, SeriesSchema, Temporality, type Series } from '@vigil/contracts';
import { SeriesSignal, signalSourceOf, type SignalPoints } from './series-signal';

const MINUTE = 60_000;
const T0 = 1_800_000_000_000 - (1_800_000_000_000 % MINUTE);
const timing = { intervalMillis: MINUTE, maxGapIntervals: 30 };

function deltaCounter(times: number[], values: number[]): Series {
  return create(SeriesSchema, { tenant: 't', name: 'vigil.span.calls', type: MetricType.SUM, monotonic: true, temporality: Temporality.DELTA, sampleTimesUnixMs: times, sampleValues: values });
}

function deltaHistogram(points: [number, number, number][]): Series {
  return create(SeriesSchema, {
    tenant: 't',
    name: 'vigil.span.duration',
    type: MetricType.HISTOGRAM,
    temporality: Temporality.DELTA,
    histograms: points.map(([timeUnixMs, sum, count]) => ({ timeUnixMs, sum, count: BigInt(count), explicitBounds: [1], bucketCounts: [BigInt(count), 0n] })),
  });
}

const points = (): SignalPoints => ({ times: [], values: [] });

describe('what a series is scored on', () => {
  it('scores gauges and up-down sums as sent, counters as a rate and distributions as a mean', () => {
    expect(signalSourceOf(create(SeriesSchema, { type: MetricType.GAUGE }))).toBeUndefined();
    expect(signalSourceOf(create(SeriesSchema, { type: MetricType.SUM, monotonic: false }))).toBeUndefined();
    expect(signalSourceOf(create(SeriesSchema, { type: MetricType.SUM, monotonic: true, temporality: Temporality.CUMULATIVE }))).toEqual({ kind: 'rate', cumulative: true });
    expect(signalSourceOf(deltaCounter([], []))).toEqual({ kind: 'rate', cumulative: false });
    expect(signalSourceOf(deltaHistogram([]))).toEqual({ kind: 'mean', cumulative: false });
    expect(signalSourceOf(create(SeriesSchema, { type: MetricType.SUMMARY }))).toEqual({ kind: 'mean', cumulative: true });
  });
});

describe('SeriesSignal', () => {
  it('turns per-request delta counts into a rate per minute', () => {
    const signal = new SeriesSignal({ kind: 'rate', cumulative: false }, timing);
    const out = points();
    signal.take(1, deltaCounter([T0 + 1_000, T0 + 30_000], [60, 60]), out);
    signal.take(2, deltaCounter([T0 + MINUTE + 1_000], [6]), out);
    expect(out).toEqual({ times: [T0 + MINUTE], values: [2] });
  });

  it('gives a latency histogram its mean per minute', () => {
    const signal = new SeriesSignal({ kind: 'mean', cumulative: false }, timing);
    const out = points();
    signal.take(1, deltaHistogram([[T0 + 1_000, 3, 10], [T0 + 2_000, 1, 10]]), out);
    signal.take(2, deltaHistogram([[T0 + MINUTE, 9, 10]]), out);
    expect(out).toEqual({ times: [T0 + MINUTE], values: [0.2] });
  });

  it('ignores a redelivered message, so a takeover never counts a request twice', () => {
    const signal = new SeriesSignal({ kind: 'rate', cumulative: false }, timing);
    const out = points();
    expect(signal.take(7, deltaCounter([T0], [60]), out)).toBe(true);
    const resumed = SeriesSignal.restore(JSON.parse(JSON.stringify(signal.save())), timing);
    expect(resumed.take(7, deltaCounter([T0], [60]), out)).toBe(false);
    resumed.take(8, deltaCounter([T0 + MINUTE], [0]), out);
    expect(out).toEqual({ times: [T0 + MINUTE], values: [1] });
  });

  it('survives JSON with a first running total not seen yet (NaN saved as null)', () => {
    const signal = new SeriesSignal({ kind: 'rate', cumulative: true }, timing);
    const saved = JSON.parse(JSON.stringify(signal.save()));
    expect(saved.state).toContain(null);
    const resumed = SeriesSignal.restore(saved, timing);
    const out = points();
    const counter = (t: number, v: number) => create(SeriesSchema, { type: MetricType.SUM, monotonic: true, temporality: Temporality.CUMULATIVE, sampleTimesUnixMs: [t], sampleValues: [v] });
    resumed.take(1, counter(T0, 1_000), out);
    resumed.take(2, counter(T0 + 30_000, 1_060), out);
    resumed.take(3, counter(T0 + MINUTE, 1_060), out);
    expect(out).toEqual({ times: [T0 + MINUTE], values: [1] });
  });
});
