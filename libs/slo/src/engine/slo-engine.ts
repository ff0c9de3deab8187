/**
 * SloEngine: many SLOs fed from one stream of metric samples. It routes each series to the SLOs
 * whose selectors match it (an index on metric name, then a per-series cache), turns cumulative
 * counter values into increases the way Prometheus's `increase` does (a drop is a reset: the new
 * value is the increase since it), and evaluates every SLO at the `now` the caller passes in.
 * No clock, no I/O: the slo-monitor service feeds it, ticks it, and checkpoints `snapshot()`.
 */
import type { SloDefinition } from '../model';
import { SeriesMatcher } from '@vigil/prom-syntax';
import { SloState } from './slo-state';
import type { SloStateSnapshot } from './slo-state';
import type { MetricSample, SloAlertTransition, SloStatus } from './types';
import type { WindowSums } from './window-store';

export interface SloEngineOptions {
  /** Width of the finest buckets and the grid windows are rounded to. Default 60 000 (1 min). */
  readonly resolutionMillis?: number;
  /**
   * Cap on buckets per window: longer windows get wider buckets (edge error ≤ window / cap).
   * Default 360: 1 min buckets up to 6 h, 4 min for 1 d, 12 min for 3 d, 2 h for 30 d.
   */
  readonly maxBucketsPerWindow?: number;
}

export const DEFAULT_RESOLUTION_MILLIS = 60_000;
export const DEFAULT_MAX_BUCKETS_PER_WINDOW = 360;

interface Route {
  readonly state: SloState;
  readonly numerator: boolean;
  readonly total: boolean;
}

interface SeriesState {
  readonly metric: string;
  readonly labels: Readonly<Record<string, string>>;
  lastMillis: number;
  lastValue: number;
  routes: Route[];
  /** Longest horizon among the SLOs it feeds: idle longer than this, it is forgotten. */
  horizonMillis: number;
}

export interface SloEngineSnapshot {
  readonly version: 1;
  readonly slos: Readonly<Record<string, SloStateSnapshot>>;
  /** Last sample of each live series: [key, metric, labels, lastMillis, lastValue]. */
  readonly series: ReadonlyArray<readonly [string, string, Readonly<Record<string, string>>, number, number]>;
}

interface IndexedSelector {
  readonly state: SloState;
  readonly role: 'numerator' | 'total';
  /** The selector's metric (an SLI's selector always names one). */
  readonly metric: string;
  readonly matcher: SeriesMatcher;
}

export class SloEngine {
  private readonly states = new Map<string, SloState>();
  private readonly byMetric = new Map<
    string,
    { unindexed: IndexedSelector[]; byLabel: Map<string, Map<string, IndexedSelector[]>> }
  >();
  private readonly series = new Map<string, SeriesState>();
  private readonly options: Required<SloEngineOptions>;
  private readonly scratch = new Map<number, WindowSums>();
  private lastSweepMillis = -Infinity;
  /** Samples older than their series' last sample (out of order or duplicate): dropped, as Prometheus does. */
  outOfOrderSamples = 0;

  constructor(definitions: readonly SloDefinition[], options: SloEngineOptions = {}) {
    this.options = {
      resolutionMillis: options.resolutionMillis ?? DEFAULT_RESOLUTION_MILLIS,
      maxBucketsPerWindow: options.maxBucketsPerWindow ?? DEFAULT_MAX_BUCKETS_PER_WINDOW,
    };
    for (const definition of definitions) {
      if (this.states.has(definition.name))
        throw new Error(`duplicate SLO name ${JSON.stringify(definition.name)}`);
      const state = new SloState(definition, this.options);
      this.states.set(definition.name, state);
      const { numeratorSelector, totalSelector } = definition.indicator;
      this.index({ state, role: 'numerator', metric: numeratorSelector.metric, matcher: new SeriesMatcher(numeratorSelector) });
      this.index({ state, role: 'total', metric: totalSelector.metric, matcher: new SeriesMatcher(totalSelector) });
    }
  }

  /**
   * Files a selector under its metric and, when it has one, its first non-empty `=` matcher, so a
   * new series is checked only against selectors that can match it (10 000 SLOs on one metric
   * name would otherwise cost 10 000 regex checks per new series).
   */
  private index(entry: IndexedSelector): void {
    const { metric } = entry;
    let byMetric = this.byMetric.get(metric);
    if (!byMetric) {
      byMetric = { unindexed: [], byLabel: new Map() };
      this.byMetric.set(metric, byMetric);
    }
    const key = entry.matcher.selector.matchers.find((matcher) => matcher.op === '=' && matcher.value !== '');
    if (!key) {
      byMetric.unindexed.push(entry);
      return;
    }
    let byValue = byMetric.byLabel.get(key.label);
    if (!byValue) {
      byValue = new Map();
      byMetric.byLabel.set(key.label, byValue);
    }
    byValue.set(key.value, [...(byValue.get(key.value) ?? []), entry]);
  }

  private candidates(metric: string, labels: Readonly<Record<string, string>>): IndexedSelector[] {
    const byMetric = this.byMetric.get(metric);
    if (!byMetric) return [];
    const found = [...byMetric.unindexed];
    for (const [label, byValue] of byMetric.byLabel) {
      const value = labels[label];
      if (value !== undefined) found.push(...(byValue.get(value) ?? []));
    }
    return found;
  }

  /** The SLO definitions this engine evaluates. */
  get definitions(): SloDefinition[] {
    return [...this.states.values()].map((state) => state.definition);
  }

  /** Metric names any SLO reads: lets a consumer drop everything else before decoding labels. */
  metricNames(): string[] {
    return [...this.byMetric.keys()];
  }

  /** True when some SLO reads this metric name. */
  wantsMetric(metric: string): boolean {
    return this.byMetric.has(metric);
  }

  private routesFor(
    metric: string,
    labels: Readonly<Record<string, string>>,
  ): { routes: Route[]; horizonMillis: number } {
    const byState = new Map<SloState, { numerator: boolean; total: boolean }>();
    for (const entry of this.candidates(metric, labels)) {
      if (!entry.matcher.matches(metric, labels)) continue;
      const roles = byState.get(entry.state) ?? { numerator: false, total: false };
      roles[entry.role] = true;
      byState.set(entry.state, roles);
    }
    const routes = [...byState.entries()].map(([state, roles]) => ({ state, ...roles }));
    return { routes, horizonMillis: Math.max(0, ...routes.map((route) => route.state.horizonMillis)) };
  }

  /** Feeds one sample of a cumulative counter. Samples must arrive in time order per series. */
  ingest(sample: MetricSample): void {
    if (!this.byMetric.has(sample.metric) || Number.isNaN(sample.value)) return; // NaN: a staleness marker
    const key = sample.seriesKey ?? seriesKeyOf(sample.metric, sample.labels);
    const known = this.series.get(key);
    if (!known) {
      const { routes, horizonMillis } = this.routesFor(sample.metric, sample.labels);
      if (routes.length === 0) return;
      this.series.set(key, {
        metric: sample.metric,
        labels: sample.labels,
        lastMillis: sample.timestampMillis,
        lastValue: sample.value,
        routes,
        horizonMillis,
      });
      return; // the first sample of a series has no increase, as in Prometheus
    }
    if (sample.timestampMillis <= known.lastMillis) {
      this.outOfOrderSamples += 1;
      return;
    }
    // Prometheus `increase`: a counter that went down was reset, and counted up from 0 since.
    const increase = sample.value >= known.lastValue ? sample.value - known.lastValue : sample.value;
    const predecessorMillis = known.lastMillis;
    known.lastMillis = sample.timestampMillis;
    known.lastValue = sample.value;
    for (const route of known.routes) {
      route.state.add(
        predecessorMillis,
        route.numerator ? increase : 0,
        route.total ? increase : 0,
        route.total ? 1 : 0,
      );
    }
  }

  ingestBatch(samples: Iterable<MetricSample>): void {
    for (const sample of samples) this.ingest(sample);
  }

  /**
   * Evaluates every SLO at `nowMillis` (call on a steady tick, e.g. every resolution) and returns
   * the alert transitions, in SLO then policy order. Deterministic for the same input.
   */
  evaluate(nowMillis: number): SloAlertTransition[] {
    const transitions: SloAlertTransition[] = [];
    for (const state of this.states.values()) {
      for (const transition of state.evaluate(nowMillis, this.scratch)) transitions.push(transition);
    }
    this.sweep(nowMillis);
    return transitions;
  }

  /** Forgets series idle longer than every window they feed (bounded memory under series churn). */
  private sweep(nowMillis: number): void {
    if (nowMillis - this.lastSweepMillis < 60 * this.options.resolutionMillis) return;
    this.lastSweepMillis = nowMillis;
    for (const [key, state] of this.series) {
      if (nowMillis - state.lastMillis > state.horizonMillis) this.series.delete(key);
    }
  }

  /** Status of every SLO (or of one, by name) at `nowMillis`. */
  status(nowMillis: number, name?: string): SloStatus[] {
    const states =
      name === undefined
        ? [...this.states.values()]
        : [this.states.get(name)].filter((s): s is SloState => !!s);
    return states.map((state) => state.status(nowMillis));
  }

  /**
   * Plain-JSON state for checkpointing; `SloEngine.restore` rebuilds an engine from it. With
   * `names`, only those SLOs and the series feeding them are included, so a service can
   * checkpoint SLOs piecewise and combine the pieces with `mergeSnapshots` before restoring.
   */
  snapshot(names?: readonly string[]): SloEngineSnapshot {
    const wanted = names === undefined ? undefined : new Set(names);
    const slos: Record<string, SloStateSnapshot> = {};
    for (const [name, state] of this.states) if (!wanted || wanted.has(name)) slos[name] = state.snapshot();
    return {
      version: 1,
      slos,
      series: [...this.series.entries()]
        .filter(([, s]) => !wanted || s.routes.some((route) => wanted.has(route.state.definition.name)))
        .map(([key, s]) => [key, s.metric, s.labels, s.lastMillis, s.lastValue] as const),
    };
  }

  /**
   * An engine for `definitions` carrying over what `snapshot` knows: window data of SLOs whose
   * shape is unchanged, alert states by fingerprint, series positions. Also how a hot reload is
   * done. Alerts that were firing for SLOs (or policies) that no longer exist are returned as
   * resolved transitions at `nowMillis`, so nothing stays firing downstream.
   */
  static restore(
    definitions: readonly SloDefinition[],
    snapshot: SloEngineSnapshot,
    nowMillis: number,
    options: SloEngineOptions = {},
  ): { engine: SloEngine; resolved: SloAlertTransition[] } {
    if (snapshot.version !== 1)
      throw new Error(`unsupported SLO engine snapshot version ${String(snapshot.version)}`);
    const engine = new SloEngine(definitions, options);
    const resolved: SloAlertTransition[] = [];
    for (const [name, saved] of Object.entries(snapshot.slos)) {
      const state = engine.states.get(name);
      if (state) state.restore(saved);
      const live = new Set(state?.firingAlerts().map((alert) => alert.fingerprint) ?? []);
      for (const alert of saved.alerts) {
        if (!alert.firing || live.has(alert.fingerprint) || alert.activeAtMillis === undefined) continue;
        resolved.push({
          id: `${alert.fingerprint}-${alert.activeAtMillis}`,
          fingerprint: alert.fingerprint,
          state: 'resolved',
          atMillis: nowMillis,
          activeAtMillis: alert.activeAtMillis,
          labels: alert.labels,
          annotations: { reason: 'slo_removed_or_changed' },
        });
      }
    }
    for (const [key, metric, labels, lastMillis, lastValue] of snapshot.series) {
      const { routes, horizonMillis } = engine.routesFor(metric, labels);
      if (routes.length > 0)
        engine.series.set(key, { metric, labels, lastMillis, lastValue, routes, horizonMillis });
    }
    return { engine, resolved };
  }
}

/** Combines piecewise snapshots (later pieces win for the same SLO or series). */
export function mergeSnapshots(pieces: readonly SloEngineSnapshot[]): SloEngineSnapshot {
  const slos: Record<string, SloStateSnapshot> = {};
  const series = new Map<string, SloEngineSnapshot['series'][number]>();
  for (const piece of pieces) {
    Object.assign(slos, piece.slos);
    for (const entry of piece.series) series.set(entry[0], entry);
  }
  return { version: 1, slos, series: [...series.values()] };
}

/** A stable key for a series: name plus labels in sorted order. */
export function seriesKeyOf(metric: string, labels: Readonly<Record<string, string>>): string {
  let key = metric;
  for (const name of Object.keys(labels).sort()) key += `\u0000${name}\u0001${labels[name]}`;
  return key;
}
