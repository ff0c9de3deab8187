import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Bus } from '@vigil/bus';
import { TOPICS, encodePayload, type Alert, type Forecast } from '@vigil/contracts';
import { planCapacity } from '@vigil/forecast';
import type { Logger } from '@vigil/observability';
import type { StateStore } from '@vigil/state';
import { scoreForecast, type ForecastScore } from './accuracy';
import type { CapacityPlannerSettings, Horizon } from './capacity-planner.config';
import type { CapacityRepository, GridSeries } from './capacity.repository';
import type { PlannerMetrics } from './planner-metrics';
import type { ResourceSeries } from './series-catalog';
import { alertTransitions, combinedAction, toForecast, type HorizonVerdict } from './series-plan';
import { decodeSeriesState, encodeSeriesState, seriesStateKey, type HorizonState, type SeriesState } from './series-state';

/** A series silent this long forgets its state (last action, open alert, scoring progress). */
const STATE_TTL_MILLIS = 40 * 24 * 3_600_000;
/** Series read from the store together (two queries per chunk, one per horizon). */
const CHUNK_SIZE = 32;

export interface CycleReport {
  readonly claimed: number;
  readonly forecast: number;
  readonly unchanged: number;
  readonly noData: number;
  readonly alerts: number;
  readonly scored: number;
}

type Publish = Pick<Bus, 'publish'>;

/**
 * One planning cycle over the series this replica owns. Each series is claimed for the cycle in
 * the state store (compare-and-set on its cycle number), so two replicas that both believe they
 * own it during a rebalance still forecast it once. A horizon whose newest observed step did not
 * change since the last forecast keeps its verdict instead of recomputing an identical forecast.
 * The event loop gets a turn before every forecast (one takes ~20–100 ms).
 */
export class PlanningCycle {
  constructor(
    private readonly settings: CapacityPlannerSettings,
    private readonly repository: CapacityRepository,
    private readonly state: StateStore,
    private readonly bus: Publish,
    private readonly metrics: PlannerMetrics,
    private readonly logger: Logger,
  ) {}

  async run(series: readonly ResourceSeries[], cycle: number, cycleStartMillis: number, nowMillis: number, stopped: () => boolean): Promise<CycleReport> {
    const report = { claimed: 0, forecast: 0, unchanged: 0, noData: 0, alerts: 0, scored: 0 };
    const byTenant = new Map<string, ResourceSeries[]>();
    for (const s of series) byTenant.set(s.tenant, [...(byTenant.get(s.tenant) ?? []), s]);
    for (const [tenant, list] of byTenant) {
      for (let i = 0; i < list.length && !stopped(); i += CHUNK_SIZE) {
        const claimed: { series: ResourceSeries; state: SeriesState; bytes: Uint8Array }[] = [];
        for (const s of list.slice(i, i + CHUNK_SIZE)) {
          const claim = await this.claim(s, cycle);
          if (claim) claimed.push({ series: s, ...claim });
        }
        if (claimed.length === 0) continue;
        report.claimed += claimed.length;
        const histories = new Map<string, Map<bigint, GridSeries>>();
        for (const horizon of this.settings.horizons) {
          const toMillis = Math.floor(nowMillis / horizon.stepMillis) * horizon.stepMillis;
          const fingerprints = claimed.flatMap(({ series: s }) => (s.limitFingerprint === undefined ? [s.fingerprint] : [s.fingerprint, s.limitFingerprint]));
          histories.set(horizon.name, await this.repository.readHistory(tenant, fingerprints, horizon.stepMillis, toMillis - horizon.historySteps * horizon.stepMillis, toMillis));
        }
        for (const { series: s, state, bytes } of claimed) {
          if (stopped()) break;
          try {
            const done = await this.planSeries(s, state, bytes, histories, cycle, cycleStartMillis, nowMillis);
            report.forecast += done.forecast;
            report.unchanged += done.unchanged;
            report.noData += done.noData;
            report.alerts += done.alerts;
            report.scored += done.scored;
          } catch (error) {
            // The claim stays: the series is retried next cycle, not by another replica this one.
            this.logger.error({ err: error, tenant, series: s.fingerprintHex, resource: s.resource }, 'capacity planning of a series failed');
          }
        }
      }
    }
    return report;
  }

  /** Takes the series for `cycle`; undefined when this or another replica already has. */
  private async claim(series: ResourceSeries, cycle: number): Promise<{ state: SeriesState; bytes: Uint8Array } | undefined> {
    const key = seriesStateKey(series.tenant, series.fingerprintHex);
    const current = await this.state.get(key);
    const state = decodeSeriesState(current);
    if (state.cycle >= cycle) return undefined;
    const bytes = encodeSeriesState({ ...state, cycle });
    return (await this.state.compareAndSet(key, current, bytes, { ttlMillis: STATE_TTL_MILLIS })) ? { state, bytes } : undefined;
  }

  private async planSeries(
    series: ResourceSeries,
    previous: SeriesState,
    claimedBytes: Uint8Array,
    histories: ReadonlyMap<string, ReadonlyMap<bigint, GridSeries>>,
    cycle: number,
    cycleStartMillis: number,
    nowMillis: number,
  ) {
    const counts = { forecast: 0, unchanged: 0, noData: 0, alerts: 0, scored: 0 };
    const verdicts: HorizonVerdict[] = [];
    const horizons: Record<string, HorizonState> = { ...previous.horizons };
    const forecasts: Forecast[] = [];
    const scores: ForecastScore[] = [];
    const explanations = new Map<string, string>();
    for (const horizon of this.settings.horizons) {
      const history = histories.get(horizon.name);
      const usage = history?.get(series.fingerprint);
      const prior = previous.horizons[horizon.name];
      const last = usage ? lastFiniteIndex(usage.values) : -1;
      if (!usage || last < 0) {
        counts.noData += 1;
        this.metrics.processedSeries('no_data');
        verdicts.push({ horizon: horizon.name, action: 'maintain_current_capacity', rule: 'insufficient_history', hasForecast: false });
        continue;
      }
      const inputMillis = usage.startMillis + last * usage.stepMillis;
      if (prior && prior.inputMillis === inputMillis) {
        counts.unchanged += 1;
        this.metrics.processedSeries('unchanged');
        verdicts.push({ horizon: horizon.name, action: prior.action, rule: prior.rule, hasForecast: prior.hasForecast });
        continue;
      }
      await yieldToEventLoop(); // one planCapacity is the longest synchronous step (~20–100 ms)
      const values = usage.values.subarray(0, last + 1);
      const limit = series.limitFingerprint === undefined ? undefined : history?.get(series.limitFingerprint);
      const plan = planCapacity({
        resource: series.plannedResource.config,
        usage: { startMillis: usage.startMillis, stepMillis: usage.stepMillis, values },
        limit: limit ? { startMillis: limit.startMillis, stepMillis: limit.stepMillis, values: limit.values.subarray(0, last + 1) } : undefined,
        nowMillis,
        horizonSteps: horizon.steps,
        rules: this.settings.rules,
      });
      counts.forecast += 1;
      this.metrics.processedSeries('forecast');
      const hasForecast = plan.forecast.point.length > 0 && plan.capacity !== null;
      if (plan.forecast.point.length > 0) {
        const forecast = toForecast(series, { horizon: horizon.name, plan });
        forecasts.push(forecast);
        explanations.set(horizon.name, forecast.explanation);
        this.metrics.forecastMade(this.seriesLabels(series, horizon.name), plan.forecast.backtest?.mase);
      }
      const scoredThroughMillis = await this.scoreEarlier(series, horizon, usage, inputMillis, prior?.scoredThroughMillis ?? -1, nowMillis, scores);
      verdicts.push({ horizon: horizon.name, action: plan.action, rule: plan.rule.id, hasForecast });
      horizons[horizon.name] = { inputMillis, action: plan.action, rule: plan.rule.id, hasForecast, scoredThroughMillis };
    }

    const combined = combinedAction(verdicts);
    const summary = (combined.horizon && explanations.get(combined.horizon)) || `${combined.action} (rule ${combined.rule ?? 'none'}, horizon ${combined.horizon ?? 'none'})`;
    const transition = alertTransitions(series, previous.open, { ...combined, summary }, cycleStartMillis);

    // Effects, then the state that records them: a crash in between repeats the same ids.
    await this.repository.writeForecasts(forecasts);
    await this.repository.writeScores(scores);
    await this.publishForecasts(series, forecasts);
    await this.publishAlerts(transition.alerts);
    const next: SeriesState = { version: 1, cycle, completedCycle: cycle, horizons, action: combined.action, open: transition.open };
    const key = seriesStateKey(series.tenant, series.fingerprintHex);
    if (!(await this.state.compareAndSet(key, claimedBytes, encodeSeriesState(next), { ttlMillis: STATE_TTL_MILLIS }))) {
      this.logger.warn({ series: series.fingerprintHex, cycle }, 'series state moved on during planning; keeping the newer one');
    }
    for (const score of scores) this.metrics.scored(score, series.fingerprintHex);
    counts.alerts = transition.alerts.length;
    counts.scored = scores.length;
    if (transition.alerts.length > 0) {
      this.logger.info({ tenant: series.tenant, series: series.fingerprintHex, resource: series.resource, action: combined.action, rule: combined.rule, horizon: combined.horizon }, 'capacity action changed');
    }
    return counts;
  }

  /**
   * Scores this series' forecasts whose whole horizon is now observed and that were not scored
   * yet; returns the newest generation time scored (or `scoredThroughMillis` when none).
   */
  private async scoreEarlier(
    series: ResourceSeries,
    horizon: Horizon,
    usage: GridSeries,
    inputMillis: number,
    scoredThroughMillis: number,
    nowMillis: number,
    out: ForecastScore[],
  ): Promise<number> {
    const completeBefore = inputMillis - horizon.steps * horizon.stepMillis + 1;
    if (completeBefore <= scoredThroughMillis + 1) return scoredThroughMillis;
    const stored = await this.repository.forecastsToScore(series.tenant, series.fingerprint, horizon.stepMillis, scoredThroughMillis + 1, completeBefore);
    let through = scoredThroughMillis;
    const actualAt = (timeMillis: number) => {
      const index = Math.round((timeMillis - usage.startMillis) / usage.stepMillis);
      return index >= 0 && index < usage.values.length ? usage.values[index] : Number.NaN;
    };
    for (const forecast of stored) {
      through = Math.max(through, forecast.generatedAtMillis);
      const originIndex = Math.round((forecast.generatedAtMillis - usage.startMillis) / usage.stepMillis);
      const score = scoreForecast({ ...forecast, actualAt, history: usage.values.subarray(0, Math.max(0, originIndex + 1)) });
      if (!score) continue;
      out.push({
        tenant: series.tenant,
        forecastId: forecast.id,
        fingerprint: series.fingerprint,
        metricName: series.metricName,
        resource: series.resource,
        horizon: horizon.name,
        model: forecast.model,
        generatedAtMillis: forecast.generatedAtMillis,
        scoredAtMillis: nowMillis,
        backtestMase: forecast.backtestMase,
        ...score,
      });
    }
    return through;
  }

  private seriesLabels(series: ResourceSeries, horizon: string) {
    return { tenant: series.tenant, resource: series.resource, series: series.fingerprintHex, horizon };
  }

  private async publishForecasts(series: ResourceSeries, forecasts: readonly Forecast[]): Promise<void> {
    if (forecasts.length === 0) return;
    await this.bus.publish(
      TOPICS.forecasts,
      forecasts.map((f) => ({ key: series.fingerprintHex, value: encodePayload(TOPICS.forecasts, f) })),
    );
  }

  private async publishAlerts(alerts: readonly Alert[]): Promise<void> {
    if (alerts.length === 0) return;
    await this.bus.publish(
      TOPICS.alerts,
      alerts.map((a) => ({ key: a.fingerprint, value: encodePayload(TOPICS.alerts, a) })),
    );
  }
}

function lastFiniteIndex(values: ArrayLike<number>): number {
  for (let i = values.length - 1; i >= 0; i--) if (Number.isFinite(values[i])) return i;
  return -1;
}
