import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@vigil/runtime';
import type { z } from 'zod/v4';
import type { Principal } from '../auth/principal';
import type { DashboardApiConfig } from '../dashboard-api.config';
import { DASHBOARD_API_CONFIG } from '../dashboard-api.tokens';
import { EventsReadRepository } from '../events/events-read.repository';
import { resolveWindow } from '../http/pagination';
import { Problem } from '../http/problem';
import type { rangeQuerySchema } from './metrics.controller';
import { MetricsReadRepository } from './metrics-read.repository';
import { groupSeries } from './range-groups';
import { chooseResolution } from './range-plan';
import { parseSelector, type Selector } from './selector';

export function selectorOf(text: string): Selector {
  try {
    return parseSelector(text);
  } catch (error) {
    throw new Problem(400, 'invalid_selector', (error as Error).message);
  }
}

/** A range query end to end: limits, resolution, the read and the anomaly overlay. */
@Injectable()
export class RangeQueryService {
  constructor(
    private readonly metrics: MetricsReadRepository,
    private readonly events: EventsReadRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DASHBOARD_API_CONFIG) private readonly config: DashboardApiConfig,
  ) {}

  /** Used by the query_range route and by dashboards' CHART/KPI/TREND widgets. */
  async range(caller: Principal, query: Omit<z.infer<typeof rangeQuerySchema>, 'overlay' | 'stepSeconds'> & { overlay?: 'none' | 'anomalies'; stepSeconds: number }, window?: { fromMillis: number; toMillis: number }) {
    const selector = selectorOf(query.selector);
    const metric = selector.metric;
    if (!metric) throw new Problem(400, 'metric_required', 'a range query needs a metric name in its selector, e.g. cpu_usage{host="a"}');
    const { fromMillis, toMillis } = window ?? resolveWindow(query, this.clock.now());
    const steps = Math.ceil((toMillis - fromMillis) / (query.stepSeconds * 1000));
    // One read of the selected series serves both the point limit and the grouping; it stops one
    // past the most series the limit allows, and only a refused query counts them all.
    const maxSeries = Math.floor(this.config.maxPointsPerQuery / Math.max(1, steps));
    const selected = await this.metrics.selectSeries(caller, { ...selector, metric }, maxSeries + 1);
    if (selected.length > maxSeries) {
      const seriesCount = await this.metrics.countSeries(caller, { ...selector, metric });
      throw new Problem(422, 'too_many_points', `${seriesCount} series × ${steps} steps is over the ${this.config.maxPointsPerQuery}-point limit; raise stepSeconds, shorten the window, narrow the selector or use groupBy`);
    }
    const resolution = chooseResolution(query.stepSeconds, fromMillis);
    const groupBy = query.groupBy === undefined ? undefined : query.groupBy.split(',').map((l) => l.trim()).filter(Boolean);
    const groups = groupSeries(selected, groupBy);
    const series = await this.metrics.range(caller, { metric, fromMillis, toMillis, stepSeconds: query.stepSeconds, aggregation: query.aggregation, fn: query.fn, resolution, narrowed: selector.matchers.length > 0 }, groups);
    if (query.overlay !== 'anomalies') return { resolution, stepSeconds: query.stepSeconds, series };
    const anomalies = await this.events.anomalies(caller, { fromMillis, toMillis, limit: 1_000, metric });
    return { resolution, stepSeconds: query.stepSeconds, series, anomalies };
  }
}
