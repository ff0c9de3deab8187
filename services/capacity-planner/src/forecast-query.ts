import { fingerprintToHex } from '@vigil/contracts';
import { DEFAULT_RESOURCES, RESOURCE_KINDS, forecast, planCapacity, type CapacityPlan, type ForecastResult } from '@vigil/forecast';
import type { Store } from '@vigil/store';
import { parseCapacityPlannerSettings, type CapacityPlannerSettings, type Horizon } from './capacity-planner.config';
import { CapacityRepository } from './capacity.repository';
import { resourceSeries } from './series-catalog';
import { SelectorSyntaxError, SeriesMatcher, parseSeriesSelector } from '@vigil/prom-syntax';

/** What `vigil forecast` asks. */
export interface ForecastQuery {
  /** A series selector naming a metric: `system.filesystem.usage{mountpoint="/data"}`. */
  readonly selector: string;
  readonly tenant: string;
  /** A planner horizon name: `48h` (hourly steps) or `30d` (daily steps). */
  readonly horizon: string;
  readonly nowMillis: number;
  /** At most this many series (default 5). */
  readonly maxSeries?: number;
}

/** The answer for one matching series. */
export interface ForecastAnswer {
  readonly metricName: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly fingerprintHex: string;
  /** The configured (or default) resource it was planned as; null = forecast only, no thresholds. */
  readonly resource: string | null;
  readonly plan: CapacityPlan | null;
  readonly forecast: ForecastResult;
  /** The history the forecast used (grid: startMillis + i · stepMillis). */
  readonly history: { readonly startMillis: number; readonly stepMillis: number; readonly values: readonly number[] };
  readonly horizon: Horizon;
}

/**
 * One forecast on demand, as a cycle of the service would make it, for the CLI: the series
 * matching the selector, their history from the rollup, and `planCapacity` when the series is a
 * resource (configured, or a default resource kind's metric), else `forecast` alone. Reads only.
 */
export async function forecastSelector(store: Store, section: unknown, query: ForecastQuery): Promise<ForecastAnswer[]> {
  const settings = parseCapacityPlannerSettings(section);
  const horizon = settings.horizons.find((h) => h.name === query.horizon);
  if (!horizon) throw new RangeError(`--horizon must be one of ${settings.horizons.map((h) => h.name).join(', ')} (got "${query.horizon}")`);
  const selector = parseSeriesSelector(query.selector);
  if (selector.metric === undefined) throw new SelectorSyntaxError(`the selector must name a metric: ${JSON.stringify(query.selector)}`, 1);
  const matcher = new SeriesMatcher(selector);
  const planned = withDefaultResource(settings, selector.metric);

  const repository = new CapacityRepository(store);
  const names = [selector.metric, ...new Set(planned.resources.flatMap((r) => r.limitMetrics))];
  const catalog = (await repository.listSeries(names)).filter((s) => s.tenant === query.tenant);
  const matching = catalog.filter((s) => matcher.matches(s.metricName, s.labels)).slice(0, query.maxSeries ?? 5);
  const resources = new Map(resourceSeries(planned.resources, catalog).map((r) => [r.fingerprint, r]));

  const toMillis = Math.floor(query.nowMillis / horizon.stepMillis) * horizon.stepMillis;
  const fromMillis = toMillis - horizon.historySteps * horizon.stepMillis;
  const fingerprints = matching.flatMap((s) => {
    const limit = resources.get(s.fingerprint)?.limitFingerprint;
    return limit === undefined ? [s.fingerprint] : [s.fingerprint, limit];
  });
  const histories = await repository.readHistory(query.tenant, fingerprints, horizon.stepMillis, fromMillis, toMillis);

  return matching.map((series): ForecastAnswer => {
    const grid = histories.get(series.fingerprint);
    const values = grid ? trimTrailingGaps(grid.values) : new Float64Array(0);
    const startMillis = grid?.startMillis ?? fromMillis + horizon.stepMillis / 2;
    const owned = resources.get(series.fingerprint);
    const base = { metricName: series.metricName, labels: series.labels, fingerprintHex: fingerprintToHex(series.fingerprint), horizon };
    const history = { startMillis, stepMillis: horizon.stepMillis, values: [...values] };
    if (!owned) {
      const result = forecast(values, { horizon: horizon.steps, stepMillis: horizon.stepMillis });
      return { ...base, resource: null, plan: null, forecast: result, history };
    }
    const limitGrid = owned.limitFingerprint === undefined ? undefined : histories.get(owned.limitFingerprint);
    const plan = planCapacity({
      resource: owned.plannedResource.config,
      usage: { startMillis, stepMillis: horizon.stepMillis, values },
      limit: limitGrid ? { startMillis: limitGrid.startMillis, stepMillis: horizon.stepMillis, values: limitGrid.values.subarray(0, values.length) } : undefined,
      nowMillis: query.nowMillis,
      horizonSteps: horizon.steps,
      rules: settings.rules,
    });
    return { ...base, resource: owned.resource, plan, forecast: plan.forecast, history };
  });
}

/**
 * The configured resources, plus — when none of them reads `metric` — the default resource kind
 * that lists it (so `vigil forecast system.filesystem.usage` plans a disk with no config).
 */
function withDefaultResource(settings: CapacityPlannerSettings, metric: string): CapacityPlannerSettings {
  if (settings.resources.some((r) => r.usageMetrics.includes(metric))) return settings;
  const kind = RESOURCE_KINDS.find((k) => DEFAULT_RESOURCES[k].usageMetrics.includes(metric));
  if (!kind) return settings;
  const defaults = DEFAULT_RESOURCES[kind];
  if (defaults.defaultCapacity === undefined && defaults.limitMetrics.length === 0) return settings;
  const extra = parseCapacityPlannerSettings({ resources: [{ name: kind, kind, usageMetric: metric }] });
  return { ...settings, resources: [...settings.resources, ...extra.resources] };
}

function trimTrailingGaps(values: Float64Array): Float64Array {
  let end = values.length;
  while (end > 0 && !Number.isFinite(values[end - 1])) end -= 1;
  return values.subarray(0, end);
}
