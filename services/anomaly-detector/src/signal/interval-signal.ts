/**
 * What the detector scores for metrics that are not gauges. A counter's raw value only grows and a
 * histogram has no single value, so scoring them point by point means nothing; worse, the RED
 * series ingest derives from spans are DELTA sums emitted per export request, at whatever cadence
 * producers send. An SRE reasons in "requests per second" and "mean latency per minute": this
 * turns such points into one regular value per interval, which is what the detector learns.
 *
 * - `rate`: monotonic sums (delta, or cumulative with resets) → per-second rate of each interval;
 *   an interval without points is 0 (nothing counted), up to `maxGapIntervals`, past which the
 *   series is taken to have stopped and the gap is not filled.
 * - `mean`: histograms and summaries (sum + count) → mean observation of each interval; an
 *   interval without observations has no value.
 *
 * An interval is emitted when the first point of a later interval arrives (at the interval's end
 * time), so a value is final when scored. A point older than the open interval (producer clock
 * skew) is counted in the open interval: totals are never lost. Pure and deterministic: the same
 * points from the same state give the same values, which is what replay after failover needs.
 */
export type IntervalSignalKind = 'rate' | 'mean';

export interface IntervalSignalOptions {
  readonly kind: IntervalSignalKind;
  /** Whether points carry running totals since `startMillis` (else each point is a delta). */
  readonly cumulative: boolean;
  readonly intervalMillis: number;
  readonly maxGapIntervals: number;
}

/** Receives each finished interval: its end time and its value. */
export type EmitInterval = (endMillis: number, value: number) => void;

const NONE = -1;
/** Layout of the state: six numbers, so a checkpoint holds it as a Float64Array. */
const OPEN_INTERVAL = 0;
const OPEN_SUM = 1;
const OPEN_COUNT = 2;
const LAST_TOTAL_SUM = 3;
const LAST_TOTAL_COUNT = 4;
const LAST_START = 5;
export const INTERVAL_SIGNAL_STATE_LENGTH = 6;

export class IntervalSignal {
  private readonly state: Float64Array;

  constructor(
    private readonly options: IntervalSignalOptions,
    state?: Float64Array,
  ) {
    if (state && state.length !== INTERVAL_SIGNAL_STATE_LENGTH) throw new RangeError(`interval signal state has ${state.length} numbers, expected ${INTERVAL_SIGNAL_STATE_LENGTH}`);
    this.state = state ? Float64Array.from(state) : Float64Array.of(NONE, 0, 0, NaN, NaN, NaN);
  }

  /**
   * Adds one point: `sum` is the counter value (or delta) for `rate`, the observations' sum for
   * `mean` with `count` observations; `startMillis` is when a cumulative total started (a change
   * marks a reset; 0 when unknown). Emits every interval this point closes, oldest first.
   */
  add(timeMillis: number, sum: number, count: number, startMillis: number, emit: EmitInterval): void {
    if (!Number.isFinite(timeMillis) || !Number.isFinite(sum) || !Number.isFinite(count)) return;
    const delta = this.options.cumulative ? this.deltaOf(sum, count, startMillis) : { sum, count };
    if (!delta) return;
    const { intervalMillis } = this.options;
    const interval = Math.floor(timeMillis / intervalMillis);
    const open = this.state[OPEN_INTERVAL];
    if (open === NONE) this.state[OPEN_INTERVAL] = interval;
    else if (interval > open) this.close(open, interval, emit);
    this.state[OPEN_SUM] += delta.sum;
    this.state[OPEN_COUNT] += delta.count;
  }

  /** A copy of the state, for the series checkpoint. */
  snapshot(): Float64Array {
    return Float64Array.from(this.state);
  }

  /** The increase since the previous running total; undefined for the first total seen. */
  private deltaOf(sum: number, count: number, startMillis: number): { sum: number; count: number } | undefined {
    const lastSum = this.state[LAST_TOTAL_SUM];
    const lastCount = this.state[LAST_TOTAL_COUNT];
    const lastStart = this.state[LAST_START];
    this.state[LAST_TOTAL_SUM] = sum;
    this.state[LAST_TOTAL_COUNT] = count;
    this.state[LAST_START] = startMillis;
    if (Number.isNaN(lastSum)) return undefined;
    const reset = (startMillis !== 0 && lastStart !== 0 && startMillis !== lastStart) || count < lastCount || (this.options.kind === 'rate' && sum < lastSum);
    // After a reset the new total counted from zero, as Prometheus's rate() assumes.
    return reset ? { sum, count } : { sum: sum - lastSum, count: count - lastCount };
  }

  private close(open: number, next: number, emit: EmitInterval): void {
    const { intervalMillis, kind, maxGapIntervals } = this.options;
    const sum = this.state[OPEN_SUM];
    const count = this.state[OPEN_COUNT];
    if (kind === 'rate') emit((open + 1) * intervalMillis, sum / (intervalMillis / 1000));
    else if (count > 0) emit((open + 1) * intervalMillis, sum / count);
    const empty = next - open - 1;
    if (kind === 'rate' && empty <= maxGapIntervals) for (let i = open + 1; i < next; i++) emit((i + 1) * intervalMillis, 0);
    this.state[OPEN_INTERVAL] = next;
    this.state[OPEN_SUM] = 0;
    this.state[OPEN_COUNT] = 0;
  }
}
