import type { Forecast } from '@vigil/contracts';
import { costSpikeInsights, forecastInsight, sloRiskInsight, type Insight } from '@vigil/insight';
import type { Logger } from '@vigil/observability';
import type { EventsRepository } from '@vigil/store';
import type { InsightEngineConfig } from './insight-engine.config';
import type { InsightBook } from './insight-book';
import { forecastRef } from './insight-wire';
import type { InsightSourcesRepository } from './insight-sources.repository';

export interface SweepReport {
  tenants: number;
  insights: number;
  expired: number;
}

/**
 * One periodic sweep (run by the lease holder only): capacity risks and over-provisioned
 * resources from the latest forecast of each series, error-budget risks from the latest SLO
 * status, LLM cost spikes from the gen_ai usage series; then stale insights expire.
 */
export class InsightSweeps {
  constructor(
    private readonly config: InsightEngineConfig,
    private readonly sources: InsightSourcesRepository,
    private readonly events: EventsRepository,
    private readonly book: InsightBook,
    private readonly logger: Logger,
  ) {}

  async run(nowMillis: number): Promise<SweepReport> {
    const fromMillis = nowMillis - this.config.sweepLookbackMillis;
    const tenants = await this.sources.activeTenants(fromMillis);
    let count = 0;
    for (const tenant of tenants) {
      const insights = [
        ...(await this.capacity(tenant, fromMillis, nowMillis)),
        ...(await this.sources.latestSloStatus(tenant, fromMillis)).map((s) => sloRiskInsight(s, nowMillis)).filter((i): i is Insight => i !== null),
        ...costSpikeInsights(await this.sources.genAiUsage(tenant, fromMillis, nowMillis, this.config.costBucketMillis), nowMillis),
      ];
      await this.book.record(tenant, insights);
      count += insights.length;
    }
    const expired = await this.book.expire(nowMillis);
    const report = { tenants: tenants.length, insights: count, expired };
    this.logger.info(report, 'insight sweep');
    return report;
  }

  /** CAPACITY / OPTIMIZATION from the newest forecast of each series. */
  private async capacity(tenant: string, fromMillis: number, nowMillis: number): Promise<Insight[]> {
    const forecasts = await this.events.listForecasts({ tenant, fromUnixMs: fromMillis, toUnixMs: nowMillis + 1, limit: 5_000 });
    const latest = new Map<bigint, Forecast>();
    for (const f of forecasts) {
      const seen = latest.get(f.seriesFingerprint);
      if (!seen || f.generatedAtUnixMs > seen.generatedAtUnixMs) latest.set(f.seriesFingerprint, f);
    }
    const out: Insight[] = [];
    for (const f of latest.values()) {
      const ref = forecastRef(f);
      const insight = ref && forecastInsight(ref, nowMillis);
      if (insight) out.push(insight);
    }
    return out;
  }
}
