import { Counter, Gauge, type Registry } from 'prom-client';
import { aggregateScores, type ForecastScore } from './accuracy';

const SERIES_LABELS = ['tenant', 'resource', 'series', 'horizon'] as const;

/** Returns the metric already registered under `name` (another replica in this process), or makes it. */
function shared<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

/**
 * The planner's figures on `/metrics`: forecast accuracy per series (the latest scored forecast)
 * and in aggregate (mean over this replica's series), the back-test error each forecast carried,
 * and how the cycles went.
 */
export class PlannerMetrics {
  private readonly smape: Gauge;
  private readonly mase: Gauge;
  private readonly coverage: Gauge;
  private readonly backtestMase: Gauge;
  private readonly meanSmape: Gauge;
  private readonly meanMase: Gauge;
  private readonly meanCoverage: Gauge;
  private readonly scoredSeries: Gauge;
  private readonly processed: Counter;
  private readonly owned: Gauge;
  private readonly latest = new Map<string, ForecastScore>();

  constructor(registry: Registry, private readonly replica: string) {
    const registers = [registry];
    const gauge = (name: string, help: string, labelNames: readonly string[]) => shared(registry, name, () => new Gauge({ name, help, labelNames: [...labelNames], registers }));
    this.smape = gauge('vigil_capacity_forecast_smape', 'sMAPE (%) of the latest scored forecast of a series', SERIES_LABELS);
    this.mase = gauge('vigil_capacity_forecast_mase', 'MASE of the latest scored forecast of a series (scaled by the in-sample naive error)', SERIES_LABELS);
    this.coverage = gauge('vigil_capacity_forecast_coverage95', 'Share of actuals inside the 95 % interval of the latest scored forecast of a series', SERIES_LABELS);
    this.backtestMase = gauge('vigil_capacity_forecast_backtest_mase', 'Back-test MASE of the model that made the latest forecast of a series', SERIES_LABELS);
    this.meanSmape = gauge('vigil_capacity_forecast_smape_mean', 'Mean sMAPE (%) over the series this replica scored', ['replica', 'horizon']);
    this.meanMase = gauge('vigil_capacity_forecast_mase_mean', 'Mean MASE over the series this replica scored', ['replica', 'horizon']);
    this.meanCoverage = gauge('vigil_capacity_forecast_coverage95_mean', 'Mean 95 % interval coverage over the series this replica scored', ['replica', 'horizon']);
    this.scoredSeries = gauge('vigil_capacity_forecast_scored_series', 'Series with at least one scored forecast on this replica', ['replica', 'horizon']);
    this.owned = gauge('vigil_capacity_series_owned', 'Resource series this replica forecasts (its partitions of vigil.metrics.v1)', ['replica']);
    this.processed = shared(
      registry,
      'vigil_capacity_series_processed_total',
      () => new Counter({ name: 'vigil_capacity_series_processed_total', help: 'Series handled per cycle, by outcome (forecast, unchanged input, no data)', labelNames: ['outcome'], registers }),
    );
  }

  seriesOwned(count: number): void {
    this.owned.set({ replica: this.replica }, count);
  }

  processedSeries(outcome: 'forecast' | 'unchanged' | 'no_data', count = 1): void {
    this.processed.inc({ outcome }, count);
  }

  forecastMade(labels: { tenant: string; resource: string; series: string; horizon: string }, backtestMase: number | undefined): void {
    if (backtestMase !== undefined && Number.isFinite(backtestMase)) this.backtestMase.set(labels, backtestMase);
  }

  scored(score: ForecastScore, seriesHex: string): void {
    const labels = { tenant: score.tenant, resource: score.resource, series: seriesHex, horizon: score.horizon };
    this.smape.set(labels, score.smape);
    if (Number.isFinite(score.mase)) this.mase.set(labels, score.mase);
    this.coverage.set(labels, score.coverage95);
    this.latest.set(`${score.tenant}/${seriesHex}/${score.horizon}`, score);
    this.refreshAggregates(score.horizon);
  }

  /** Drops a series' figures (its partition went to another replica, which reports it now). */
  forget(tenant: string, resource: string, seriesHex: string, horizons: readonly string[]): void {
    for (const horizon of horizons) {
      const labels = { tenant, resource, series: seriesHex, horizon };
      for (const gauge of [this.smape, this.mase, this.coverage, this.backtestMase]) gauge.remove(labels);
      if (this.latest.delete(`${tenant}/${seriesHex}/${horizon}`)) this.refreshAggregates(horizon);
    }
  }

  private refreshAggregates(horizon: string): void {
    const scores = [...this.latest.values()].filter((s) => s.horizon === horizon);
    const mean = aggregateScores(scores);
    const labels = { replica: this.replica, horizon };
    this.scoredSeries.set(labels, mean.series);
    if (mean.series === 0) {
      for (const gauge of [this.meanSmape, this.meanMase, this.meanCoverage]) gauge.remove(labels);
      return;
    }
    this.meanSmape.set(labels, mean.smape);
    if (Number.isFinite(mean.mase)) this.meanMase.set(labels, mean.mase);
    this.meanCoverage.set(labels, mean.coverage95);
  }
}
