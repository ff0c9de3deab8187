import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/principal';
import { TenantStore } from '../tenant-store';

/** OpenTelemetry gen_ai semantic-convention histograms the usage report reads. */
export const TOKEN_USAGE = 'gen_ai.client.token.usage';
export const OPERATION_DURATION = 'gen_ai.client.operation.duration';

export interface LlmUsageRow {
  model: string;
  operation: string;
  inputTokens: number;
  outputTokens: number;
  calls: number;
  errors: number;
  durationSecondsSum: number;
}

/**
 * LLM usage over a window from the gen_ai histograms: per series, the increase of the histogram
 * sum and count over the window (cumulative: last − first point; delta: the sum of points), then
 * summed per model and operation.
 */
@Injectable()
export class LlmUsageRepository {
  constructor(private readonly store: TenantStore) {}

  async usage(caller: Principal, fromMillis: number, toMillis: number): Promise<LlmUsageRow[]> {
    const rows = await this.store.query<{ model: string; operation: string; metric: string; token_type: string; errored: number; inc_sum: number; inc_count: number }>(
      caller,
      `WITH series AS (
         SELECT fingerprint, any(labels) AS labels, any(temporality) = 'delta' AS delta
         FROM metric_series WHERE tenant = {tenant:String} AND metric_name IN ({tokens:String}, {duration:String}) GROUP BY fingerprint
       )
       SELECT s.labels['gen_ai.request.model'] AS model, s.labels['gen_ai.operation.name'] AS operation, h.metric_name AS metric,
              s.labels['gen_ai.token.type'] AS token_type, s.labels['error.type'] != '' AS errored,
              sum(if(s.delta, h.sum_all, h.sum_last - h.sum_first)) AS inc_sum, sum(if(s.delta, h.count_all, h.count_last - h.count_first)) AS inc_count
       FROM (
         SELECT fingerprint, metric_name, sum(sum) AS sum_all, toFloat64(sum(count)) AS count_all,
                argMax(sum, time) AS sum_last, argMin(sum, time) AS sum_first, toFloat64(argMax(count, time)) AS count_last, toFloat64(argMin(count, time)) AS count_first
         FROM metric_histograms
         WHERE tenant = {tenant:String} AND metric_name IN ({tokens:String}, {duration:String})
           AND time >= fromUnixTimestamp64Milli({from:Int64}) AND time <= fromUnixTimestamp64Milli({to:Int64})
         GROUP BY fingerprint, metric_name
       ) AS h INNER JOIN series AS s ON h.fingerprint = s.fingerprint
       GROUP BY model, operation, metric, token_type, errored`,
      { tokens: TOKEN_USAGE, duration: OPERATION_DURATION, from: fromMillis, to: toMillis },
    );
    const byKey = new Map<string, LlmUsageRow>();
    for (const row of rows) {
      const key = `${row.model}\u0000${row.operation}`;
      let usage = byKey.get(key);
      if (!usage) byKey.set(key, (usage = { model: row.model, operation: row.operation, inputTokens: 0, outputTokens: 0, calls: 0, errors: 0, durationSecondsSum: 0 }));
      if (row.metric === TOKEN_USAGE) {
        if (row.token_type === 'input') usage.inputTokens += Number(row.inc_sum);
        else if (row.token_type === 'output') usage.outputTokens += Number(row.inc_sum);
      } else {
        usage.calls += Number(row.inc_count);
        usage.durationSecondsSum += Number(row.inc_sum);
        if (Number(row.errored)) usage.errors += Number(row.inc_count);
      }
    }
    return [...byKey.values()].sort((a, b) => a.model.localeCompare(b.model) || a.operation.localeCompare(b.operation));
  }
}
