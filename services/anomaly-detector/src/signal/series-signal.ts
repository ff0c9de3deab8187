/**
 * The bridge between a `vigil.metrics.v1` series and what its detector scores (see
 * interval-signal.ts for why counters and histograms are scored per interval). Gauges and
 * non-monotonic sums are scored point by point as sent; monotonic sums become a per-second rate
 * and histograms/summaries a mean per interval.
 *
 * The interval being filled is state, saved with the series' checkpoint and with every log entry
 * (so a takeover resumes it exactly), together with the offset of the last message it took: a
 * redelivered message (consumed, logged, not yet committed when its replica died) is not counted
 * twice. Offsets only grow within a partition, and a series lives in one partition.
 */
import { MetricType, Temporality, type Series } from '@vigil/contracts';
import { INTERVAL_SIGNAL_STATE_LENGTH, IntervalSignal, type IntervalSignalKind } from './interval-signal';

export interface SignalSource {
  readonly kind: IntervalSignalKind;
  readonly cumulative: boolean;
}

/** How series are cut into intervals (service config). */
export interface SignalTiming {
  readonly intervalMillis: number;
  readonly maxGapIntervals: number;
}

/** The signal's state in JSON (NaN, "not seen yet", as null). */
export interface SavedSignal {
  readonly kind: IntervalSignalKind;
  readonly cumulative: boolean;
  readonly lastOffset: number;
  readonly state: readonly (number | null)[];
}

/** Undefined when the series is scored point by point (gauges, non-monotonic sums). */
export function signalSourceOf(series: Series): SignalSource | undefined {
  const cumulative = series.temporality !== Temporality.DELTA;
  if (series.type === MetricType.SUM) return series.monotonic ? { kind: 'rate', cumulative } : undefined;
  if (series.type === MetricType.HISTOGRAM) return { kind: 'mean', cumulative };
  // Prometheus summaries carry running totals of sum and count.
  if (series.type === MetricType.SUMMARY) return { kind: 'mean', cumulative: true };
  return undefined;
}

/** Values one message yields for the detector: interval end times and their values. */
export interface SignalPoints {
  readonly times: number[];
  readonly values: number[];
}

export class SeriesSignal {
  private lastOffset: number;
  private readonly signal: IntervalSignal;

  constructor(
    readonly source: SignalSource,
    timing: SignalTiming,
    saved?: SavedSignal,
  ) {
    const options = { ...source, ...timing };
    this.signal = new IntervalSignal(options, saved ? Float64Array.from(saved.state, (n) => n ?? NaN) : undefined);
    this.lastOffset = saved?.lastOffset ?? -1;
  }

  static restore(saved: SavedSignal, timing: SignalTiming): SeriesSignal {
    if (saved.state.length !== INTERVAL_SIGNAL_STATE_LENGTH) throw new Error(`saved signal has ${saved.state.length} numbers`);
    return new SeriesSignal({ kind: saved.kind, cumulative: saved.cumulative }, timing, saved);
  }

  /**
   * Takes the points of `series` from the message at `offset` (once: an offset already taken is
   * ignored) and appends the finished intervals to `out`. Returns whether the state changed.
   */
  take(offset: number, series: Series, out: SignalPoints): boolean {
    if (offset <= this.lastOffset) return false;
    this.lastOffset = offset;
    const start = series.startTimeUnixMs;
    const emit = (endMillis: number, value: number): void => {
      out.times.push(endMillis);
      out.values.push(value);
    };
    if (this.source.kind === 'rate') {
      const { sampleTimesUnixMs: times, sampleValues: values } = series;
      for (let i = 0; i < times.length; i++) this.signal.add(times[i], values[i], 0, start, emit);
    } else {
      for (const point of series.histograms) this.signal.add(point.timeUnixMs, point.sum, Number(point.count), start, emit);
      for (const point of series.summaries) this.signal.add(point.timeUnixMs, point.sum, Number(point.count), start, emit);
    }
    return true;
  }

  save(): SavedSignal {
    const state = Array.from(this.signal.snapshot(), (n) => (Number.isNaN(n) ? null : n));
    return { kind: this.source.kind, cumulative: this.source.cumulative, lastOffset: this.lastOffset, state };
  }
}
