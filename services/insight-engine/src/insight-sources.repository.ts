import type { GenAiUsagePoint, SloBurnRef } from '@vigil/insight';
import type { Store } from '@vigil/store';

/** Metric names ingest derives from GenAI spans (services/ingest/src/derive/gen-ai-usage.ts). */
export const GEN_AI_TOKENS = 'vigil.gen_ai.tokens';
export const GEN_AI_COST = 'vigil.gen_ai.cost';

/**
 * The store reads of the sweeps and the feedback loop that no shared repository offers: the
 * latest SLO status per SLO, LLM usage per model and operation, tenants with recent activity,
 * and an anomaly's series.
 */
export class InsightSourcesRepository {
  constructor(private readonly store: Store) {}

  /** Tenants that wrote SLO status, forecasts, LLM usage or incidents since `fromMillis`. */
  async activeTenants(fromMillis: number): Promise<string[]> {
    const result = await this.store.query<{ tenant: string }>(
      `SELECT DISTINCT tenant FROM (
         SELECT tenant FROM slo_status WHERE time >= fromUnixTimestamp64Milli({from:Int64})
         UNION ALL SELECT tenant FROM forecasts WHERE generated_at >= fromUnixTimestamp64Milli({from:Int64})
         UNION ALL SELECT tenant FROM metric_samples WHERE metric_name IN ({tokens:String}, {cost:String}) AND time >= fromUnixTimestamp64Milli({from:Int64}))
       ORDER BY tenant`,
      { from: fromMillis, tokens: GEN_AI_TOKENS, cost: GEN_AI_COST },
    );
    return result.rows.map((r) => r.tenant);
  }

  /** Tenants with incidents opened since `fromMillis` (knowledge-base rebuild). */
  async tenantsWithIncidents(fromMillis: number): Promise<string[]> {
    const result = await this.store.query<{ tenant: string }>(
      'SELECT DISTINCT tenant FROM incidents WHERE opened_at >= fromUnixTimestamp64Milli({from:Int64}) ORDER BY tenant',
      { from: fromMillis },
    );
    return result.rows.map((r) => r.tenant);
  }

  /** Latest status of each SLO of the tenant since `fromMillis` (optionally one SLO), as the risk builder needs it. */
  async latestSloStatus(tenant: string, fromMillis: number, slo = ''): Promise<SloBurnRef[]> {
    const result = await this.store.query<{ slo: string; service: string; budget: number | null; burn: number | null; exhaustion_ms: string | null }>(
      `SELECT slo, argMax(service, time) AS service, argMax(budget_remaining, time) AS budget,
              argMax(arrayMax(if(empty(mapValues(burn_rates)), [0.], mapValues(burn_rates))), time) AS burn,
              argMax(if(isNull(exhaustion_at), NULL, toUnixTimestamp64Milli(assumeNotNull(exhaustion_at))), time) AS exhaustion_ms
       FROM slo_status
       WHERE tenant = {tenant:String} AND time >= fromUnixTimestamp64Milli({from:Int64}) AND ({slo:String} = '' OR slo = {slo:String}) AND no_data = 0
       GROUP BY slo ORDER BY slo`,
      { tenant, from: fromMillis, slo },
    );
    return result.rows
      .filter((r) => r.budget !== null)
      .map((r) => ({
        sloId: r.slo,
        service: r.service,
        burnRate: Number(r.burn ?? 0),
        budgetRemaining: Number(r.budget),
        exhaustedAtMillis: r.exhaustion_ms === null ? null : Number(r.exhaustion_ms),
      }));
  }

  /**
   * Tokens and cost per (model, operation) per bucket, with the services that made the calls, since `fromMillis`. The series
   * are deltas per request (ingest), so a bucket's usage is their sum.
   */
  async genAiUsage(tenant: string, fromMillis: number, toMillis: number, bucketMillis: number): Promise<GenAiUsagePoint[]> {
    const result = await this.store.query<{ service: string; model: string; operation: string; bucket_ms: string; tokens: number; cost: number; priced: number }>(
      `SELECT arrayStringConcat(arraySort(groupUniqArray(m.labels['service.name'])), ', ') AS service, m.labels['gen_ai.request.model'] AS model, m.labels['gen_ai.operation.name'] AS operation,
              toUnixTimestamp(toStartOfInterval(s.time, toIntervalSecond({step:UInt32}))) * 1000 AS bucket_ms,
              sumIf(s.value, s.metric_name = {tokens:String}) AS tokens, sumIf(s.value, s.metric_name = {cost:String}) AS cost,
              countIf(s.metric_name = {cost:String}) AS priced
       FROM metric_samples AS s
       INNER JOIN (SELECT fingerprint, any(labels) AS labels FROM metric_series
                   WHERE tenant = {tenant:String} AND metric_name IN ({tokens:String}, {cost:String}) GROUP BY fingerprint) AS m
         ON s.fingerprint = m.fingerprint
       WHERE s.tenant = {tenant:String} AND s.metric_name IN ({tokens:String}, {cost:String})
         AND s.time >= fromUnixTimestamp64Milli({from:Int64}) AND s.time < fromUnixTimestamp64Milli({to:Int64})
       GROUP BY model, operation, bucket_ms
       ORDER BY model, operation, bucket_ms`,
      { tenant, from: fromMillis, to: toMillis, step: Math.max(1, Math.round(bucketMillis / 1000)), tokens: GEN_AI_TOKENS, cost: GEN_AI_COST },
    );
    return result.rows.map((r) => ({
      timeMillis: Number(r.bucket_ms),
      model: r.model || 'unknown',
      operation: r.operation || 'unknown',
      tokens: Number(r.tokens),
      costUsd: Number(r.priced) > 0 ? Number(r.cost) : undefined,
      service: r.service || undefined,
    }));
  }

  /** The series an anomaly was found on (hex fingerprint), for feedback given on one anomaly. */
  async seriesOfAnomaly(tenant: string, anomalyId: string): Promise<string | undefined> {
    const result = await this.store.query<{ fp: string }>(
      "SELECT lower(leftPad(hex(fingerprint), 16, '0')) AS fp FROM anomalies WHERE tenant = {tenant:String} AND id = {id:String} LIMIT 1",
      { tenant, id: anomalyId },
    );
    return result.rows[0]?.fp;
  }
}
