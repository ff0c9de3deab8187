import { Rejections } from './rejections';
import type { IdentityResult, SeriesIdentityCache } from './series-identity';
import { isRejected } from './series-identity';
import type { HistogramSample, MetricKind, SeriesIdentity, SeriesPoints, SummarySample, TemporalityKind } from './telemetry';

/** Which timestamps are accepted, relative to the receive time (config `ingest.limits`). */
export interface TimeWindow {
  /** Points older than this are refused: they fall outside retention and rollups already closed. */
  readonly maxPastMillis: number;
  /** Points further ahead than this are refused: a clock that far off corrupts every chart. */
  readonly maxFutureMillis: number;
}

/** What a metric's points share (from the OTLP Metric or Prometheus metadata). */
export interface MetricShape {
  readonly name: string;
  readonly type: MetricKind;
  readonly monotonic: boolean;
  readonly temporality: TemporalityKind;
  readonly unit: string;
  readonly description: string;
}

/** Where a point's labels come from: resource labels (shared, pre-keyed) and its own. */
export interface PointLabels {
  readonly resourceKey: string;
  readonly resource: readonly string[];
  readonly point: readonly string[];
}

/**
 * Collects one request's points into series, validating each point (timestamp window, finite
 * value, label limits) and counting refusals by reason. Decoders of every format feed this one
 * class, so every endpoint applies the same rules.
 */
export class SeriesAccumulator {
  readonly rejections = new Rejections();
  /** Points taken. */
  accepted = 0;
  /** Points that carried "no recorded value" (OTLP flag, Prometheus staleness NaN): neither taken nor refused. */
  stale = 0;
  private readonly byIdentity = new Map<SeriesIdentity, SeriesPoints>();
  private readonly other = new Map<string, SeriesPoints>();
  private readonly oldestMillis: number;
  private readonly newestMillis: number;

  constructor(
    readonly tenant: string,
    private readonly identities: SeriesIdentityCache,
    window: TimeWindow,
    /** Receive time; also the time of points sent without one. */
    readonly nowMillis: number,
  ) {
    this.oldestMillis = nowMillis - window.maxPastMillis;
    this.newestMillis = nowMillis + window.maxFutureMillis;
  }

  /** A gauge or sum point. */
  sample(shape: MetricShape, labels: PointLabels, timeUnixMs: number, startTimeUnixMs: number, value: number): void {
    if (!Number.isFinite(value)) {
      this.rejections.add('non_finite_value', `${shape.name} has value ${value}`);
      return;
    }
    const series = this.seriesFor(shape, labels, timeUnixMs);
    if (!series) return;
    if (startTimeUnixMs > 0) series.startTimeUnixMs = startTimeUnixMs;
    series.sampleTimesUnixMs.push(timeUnixMs || this.nowMillis);
    series.sampleValues.push(value);
    this.accepted++;
  }

  /**
   * A gauge or sum point whose identity the wire decoder already resolved through `scope`
   * (the hot path: no label objects, no decoding for a known series).
   */
  sampleIdentified(shape: MetricShape, identity: IdentityResult, timeUnixMs: number, startTimeUnixMs: number, value: number): void {
    if (!Number.isFinite(value)) {
      this.rejections.add('non_finite_value', `${shape.name} has value ${value}`);
      return;
    }
    if (!this.inWindow(shape, timeUnixMs)) return;
    if (isRejected(identity)) {
      this.rejections.add(identity.rejected, identity.detail);
      return;
    }
    const series = this.seriesOf(identity, shape);
    if (startTimeUnixMs > 0) series.startTimeUnixMs = startTimeUnixMs;
    series.sampleTimesUnixMs.push(timeUnixMs || this.nowMillis);
    series.sampleValues.push(value);
    this.accepted++;
  }

  /** See SeriesIdentityCache.scope. */
  identityScope(name: string, resourceKey: string): Map<string, IdentityResult> {
    return this.identities.scope(this.tenant, name, resourceKey);
  }

  /** See SeriesIdentityCache.computeInScope. */
  computeInScope(scope: Map<string, IdentityResult>, rawKey: string, name: string, resource: readonly string[], point: readonly string[]): IdentityResult {
    return this.identities.computeInScope(scope, rawKey, this.tenant, name, resource, point);
  }

  histogram(shape: MetricShape, labels: PointLabels, point: HistogramSample, startTimeUnixMs: number): void {
    const bad = histogramProblem(point);
    if (bad) {
      this.rejections.add(bad === 'non-finite' ? 'non_finite_value' : 'invalid_histogram', `${shape.name}: ${bad}`);
      return;
    }
    const series = this.seriesFor(shape, labels, point.timeUnixMs);
    if (!series) return;
    if (startTimeUnixMs > 0) series.startTimeUnixMs = startTimeUnixMs;
    if (!point.timeUnixMs) point.timeUnixMs = this.nowMillis;
    // A histogram without buckets (count and sum only) is one bucket holding every observation.
    if (point.bucketCounts.length === 0) point.bucketCounts.push(point.count);
    series.histograms.push(point);
    this.accepted++;
  }

  summary(shape: MetricShape, labels: PointLabels, point: SummarySample, startTimeUnixMs: number): void {
    if (!Number.isFinite(point.sum) || point.quantiles.some((q) => !Number.isFinite(q.value) || !(q.quantile >= 0 && q.quantile <= 1))) {
      this.rejections.add('non_finite_value', `${shape.name}: summary with a non-finite sum or quantile`);
      return;
    }
    const series = this.seriesFor(shape, labels, point.timeUnixMs);
    if (!series) return;
    if (startTimeUnixMs > 0) series.startTimeUnixMs = startTimeUnixMs;
    if (!point.timeUnixMs) point.timeUnixMs = this.nowMillis;
    point.quantiles.sort((a, b) => a.quantile - b.quantile);
    series.summaries.push(point);
    this.accepted++;
  }

  /** See SeriesIdentityCache.resourceToken. */
  resourceToken(resourceKey: string): string {
    return this.identities.resourceToken(resourceKey);
  }

  /** The series collected so far. */
  series(): SeriesPoints[] {
    return [...this.byIdentity.values(), ...this.other.values()];
  }

  private inWindow(shape: MetricShape, timeUnixMs: number): boolean {
    if (timeUnixMs !== 0 && timeUnixMs < this.oldestMillis) {
      this.rejections.add('timestamp_too_old', `${shape.name} at ${new Date(timeUnixMs).toISOString()}`);
      return false;
    }
    if (timeUnixMs > this.newestMillis) {
      this.rejections.add('timestamp_in_future', `${shape.name} at ${new Date(timeUnixMs).toISOString()}`);
      return false;
    }
    return true;
  }

  private seriesFor(shape: MetricShape, labels: PointLabels, timeUnixMs: number): SeriesPoints | undefined {
    if (!this.inWindow(shape, timeUnixMs)) return undefined;
    const identity = this.identities.resolve(this.tenant, shape.name, labels.resourceKey, labels.resource, labels.point);
    if (isRejected(identity)) {
      this.rejections.add(identity.rejected, identity.detail);
      return undefined;
    }
    return this.seriesOf(identity, shape);
  }

  private seriesOf(identity: SeriesIdentity, shape: MetricShape): SeriesPoints {
    let series = this.byIdentity.get(identity);
    if (series && series.type === shape.type) return series;
    if (series) {
      // Same name and labels sent as two metric types in one request: keep them apart.
      const otherKey = `${identity.key}/${shape.type}`;
      series = this.other.get(otherKey);
      if (!series) this.other.set(otherKey, (series = newSeries(identity, shape)));
      return series;
    }
    series = newSeries(identity, shape);
    this.byIdentity.set(identity, series);
    return series;
  }
}

function newSeries(identity: SeriesIdentity, shape: MetricShape): SeriesPoints {
  return {
    identity,
    type: shape.type,
    monotonic: shape.monotonic,
    temporality: shape.temporality,
    unit: shape.unit,
    description: shape.description,
    startTimeUnixMs: 0,
    sampleTimesUnixMs: [],
    sampleValues: [],
    histograms: [],
    summaries: [],
  };
}

function histogramProblem(point: HistogramSample): string | undefined {
  const { explicitBounds: bounds, bucketCounts: counts } = point;
  if (!Number.isFinite(point.sum) || bounds.some((b) => !Number.isFinite(b))) return 'non-finite';
  if (counts.length !== 0 && counts.length !== bounds.length + 1) {
    return `${counts.length} bucket counts for ${bounds.length} bounds (want bounds + 1)`;
  }
  for (let i = 1; i < bounds.length; i++) if (!(bounds[i] > bounds[i - 1])) return 'bucket bounds are not strictly ascending';
  return undefined;
}
