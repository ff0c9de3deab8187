/**
 * How much one signal changed around an incident, judged against its own normal variability.
 *
 * Every input kind (metric, span-derived, log-derived) becomes a `Signal`; this file is the one
 * place that decides what "changed" means, so metrics, spans and logs are comparable.
 */
import { quantileOfSorted, robustSigma } from './robust-stats';
import type { SignalSource, TimedValue } from './types';

/** Which way is bad. Latency up is bad; availability down is bad; traffic either way. */
export type BadDirection = 'up' | 'down' | 'both';

export interface Signal {
  service: string;
  indicator: string;
  source: SignalSource;
  direction: BadDirection;
  /** Counts (requests, log lines) get a Poisson noise floor. */
  isCount: boolean;
  /** Window points sorted by time. */
  points: TimedValue[];
  /** Normal-operation values (may be empty). */
  normal: number[];
  /** Smallest scale a change is measured in, when sampling noise is known (e.g. a ratio over few calls). */
  noiseFloor?: number;
}

export interface SignalChange {
  signal: Signal;
  /** Values the baseline was taken from (normal period, else pre-incident points). */
  baselineSize: number;
  center: number;
  scale: number;
  /** Per window point: deviation in sigmas in the bad direction, ≥ 0. */
  deviations: number[];
  /** Largest deviation in the window. */
  peakDeviation: number;
  /** Largest rise of the deviation over its lowest earlier point in the window (a change seen inside the window). */
  riseInWindow: number;
  peakValue: number;
  onsetMillis: number | null;
  /** Strength of the change, compressed so one degenerate series cannot dominate. */
  strength: number;
}

export interface SignalChangeOptions {
  detectedAtMillis: number;
  /** Deviation (sigmas) at which a signal counts as changed and its onset is taken. */
  onsetSigmas: number;
  /** Normal points needed to trust a normal period over the pre-incident window. */
  minNormalPoints: number;
  /** Scale floor as a fraction of the baseline level (a 1 % wiggle is never an incident). */
  relativeScaleFloor: number;
  /** Weight of the level over normal vs the change inside the window. */
  levelWeight: number;
  /** Deviation at which strength saturates. */
  saturationSigmas: number;
  /** Weight (0–1) of the level held over two consecutive points vs a single point's. */
  persistenceWeight: number;
  /** Sigmas at which the normal period's 1st/99th percentile sits (heavier tails → wider scale). */
  tailSigmas: number;
}

const DOWN_IS_BAD = /(availab|success|uptime|apdex|hit_?ratio|free|idle)/i;
const UP_IS_BAD =
  /(latenc|duration|time|delay|error|fail|fault|exception|5xx|timeout|cpu|mem|disk|load|queue|lag|saturat|utili[sz]|usage|gc|restart|thrott|drop|retrans|self)/i;
const COUNT_LIKE = /(requests|count|calls|total|sum|throughput|qps|rps|log)/i;

/** Which direction of change is bad for an indicator, from its name. */
export function badDirectionOf(indicator: string): BadDirection {
  if (DOWN_IS_BAD.test(indicator)) return 'down';
  if (UP_IS_BAD.test(indicator)) return 'up';
  return 'both';
}

export function looksLikeCount(indicator: string): boolean {
  return COUNT_LIKE.test(indicator) && !/latenc|duration|time/i.test(indicator);
}

/** Measures how a signal moved in the window against its normal (or pre-incident) behaviour. */
export function measureChange(signal: Signal, options: SignalChangeOptions): SignalChange | null {
  const points = signal.points;
  if (points.length === 0) return null;
  const chosen = chooseBaseline(signal, options);
  const baseline = chosen.values;
  const sorted = [...baseline].sort((a, b) => a - b);
  const center = quantileOfSorted(sorted, 0.5);
  if (!Number.isFinite(center)) return null;
  // The tails count as normal too: a p99 that often spikes to 5x its median in normal operation
  // is not anomalous when it does so again. Its normal 99th percentile is taken as 3 sigmas.
  const tail =
    signal.direction === 'down'
      ? center - quantileOfSorted(sorted, 0.01)
      : quantileOfSorted(sorted, 0.99) - center;
  const spread = Math.max(
    robustSigma(baseline, center),
    (quantileOfSorted(sorted, 0.75) - quantileOfSorted(sorted, 0.25)) / 1.349,
    baseline.length >= options.minNormalPoints ? Math.abs(tail) / options.tailSigmas : 0,
  );
  const ceiling = ratioCeiling(signal, baseline);
  // Bounded ratios (availability %, error rate) are judged on their headroom: 0.1 percentage
  // point of availability is the smallest change that matters, whatever the level.
  const levelFloor =
    ceiling !== null
      ? RATIO_FLOOR * ceiling
      : options.relativeScaleFloor * Math.max(Math.abs(center), meanAbs(points));
  const countFloor = signal.isCount ? Math.sqrt(Math.abs(center) + 1) : 0;
  const scale = Math.max(spread, levelFloor, countFloor, signal.noiseFloor ?? 0, 1e-9);

  const raw = points.map((p) => orient((p.value - center) / scale, signal.direction));
  // A lone point far out is often noise (a p99 over a handful of requests); a change held over
  // two consecutive points is not. Blend each point with the level its neighbourhood sustains.
  const deviations = raw.map((d, i) => {
    const held = Math.min(d, Math.max(raw[i - 1] ?? 0, raw[i + 1] ?? 0));
    return (1 - options.persistenceWeight) * d + options.persistenceWeight * held;
  });
  let peakIndex = 0;
  for (let i = 1; i < deviations.length; i++) if (deviations[i] > deviations[peakIndex]) peakIndex = i;
  const peakDeviation = deviations[peakIndex];

  let riseInWindow = 0;
  let lowest = Number.POSITIVE_INFINITY;
  for (const d of deviations) {
    lowest = Math.min(lowest, d);
    riseInWindow = Math.max(riseInWindow, d - lowest);
  }
  // A change that was already there before the window opened still counts, but less: it may be
  // a shift between the normal period and now rather than this incident.
  const reliability = chosen.fromWindow
    ? WINDOW_BASELINE_RELIABILITY
    : Math.min(1, baseline.length / options.minNormalPoints);
  const strength =
    (saturate(riseInWindow, options.saturationSigmas) +
      options.levelWeight * saturate(Math.max(0, peakDeviation - riseInWindow), options.saturationSigmas)) *
    // A baseline of a few points is a guess; trust the change in proportion.
    reliability;

  const onsetIndex = deviations.findIndex((d) => d >= options.onsetSigmas);
  return {
    signal,
    baselineSize: baseline.length,
    center,
    scale,
    deviations,
    peakDeviation,
    riseInWindow,
    peakValue: points[peakIndex].value,
    onsetMillis: onsetIndex >= 0 ? points[onsetIndex].timeMillis : null,
    strength,
  };
}

const RATIO_NAME = /(availab|success|error_rate|errors?_ratio|ratio|percent|pct|apdex)/i;
const RATIO_FLOOR = 0.001;

/** 100 or 1 for a ratio-like signal whose values stay within that range; null otherwise. */
function ratioCeiling(signal: Signal, baseline: readonly number[]): number | null {
  if (!RATIO_NAME.test(signal.indicator)) return null;
  let max = 0;
  for (const v of baseline) max = Math.max(max, v);
  for (const p of signal.points) max = Math.max(max, p.value);
  if (max <= 1) return 1;
  return max <= 100 ? 100 : null;
}

/** Trust in a change measured against the window's own quieter half (no normal, no pre-incident data). */
const WINDOW_BASELINE_RELIABILITY = 0.15;

function chooseBaseline(
  signal: Signal,
  options: SignalChangeOptions,
): { values: number[]; fromWindow: boolean } {
  if (signal.normal.length >= options.minNormalPoints) return { values: signal.normal, fromWindow: false };
  const before = signal.points.filter((p) => p.timeMillis < options.detectedAtMillis).map((p) => p.value);
  const merged = [...signal.normal, ...before];
  if (merged.length >= 3) return { values: merged, fromWindow: false };
  // Nothing to compare with: the window's own quieter half is the best guess of normal.
  const sorted = signal.points.map((p) => p.value).sort((a, b) => a - b);
  const half = Math.ceil(sorted.length / 2);
  return {
    values: signal.direction === 'down' ? sorted.slice(sorted.length - half) : sorted.slice(0, half),
    fromWindow: true,
  };
}

function orient(z: number, direction: BadDirection): number {
  if (direction === 'up') return Math.max(0, z);
  if (direction === 'down') return Math.max(0, -z);
  return Math.abs(z);
}

/** Grows like the deviation up to ~saturation, then logarithmically. */
function saturate(sigmas: number, saturationSigmas: number): number {
  if (sigmas <= saturationSigmas) return sigmas;
  return saturationSigmas * (1 + Math.log(sigmas / saturationSigmas));
}

function meanAbs(points: readonly TimedValue[]): number {
  let sum = 0;
  for (const p of points) sum += Math.abs(p.value);
  return points.length ? sum / points.length : 0;
}
