import { Get, Inject } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { CLOCK, type Clock } from '@vigil/runtime';
import { z } from 'zod/v4';
import { Caller, type Principal } from '../auth/principal';
import type { DashboardApiConfig } from '../dashboard-api.config';
import { DASHBOARD_API_CONFIG } from '../dashboard-api.tokens';
import { ApiController } from '../http/api-controller.decorator';
import { resolveWindow, timeValue } from '../http/pagination';
import { ApiQueryFrom, ApiResult, ParsedQuery } from '../http/schema';
import { LlmUsageRepository } from './llm-usage.repository';

const usageQuery = z.object({ from: timeValue.optional(), to: timeValue.optional() });
const usageSchema = z.object({
  items: z.array(
    z.object({
      model: z.string(), operation: z.string(), inputTokens: z.number(), outputTokens: z.number(), calls: z.number(), errors: z.number(),
      errorRate: z.number(), meanLatencyMillis: z.number().nullable(),
      costUsd: z.number().nullable().describe('from services.dashboard-api.llmPricesUsdPerMillionTokens; null for a model without a price'),
    }),
  ),
});

/** LLM usage (tokens, cost, latency, errors by model and operation) from the gen_ai metrics. */
@ApiController('llm', 'llm')
export class LlmController {
  constructor(
    private readonly usage: LlmUsageRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(DASHBOARD_API_CONFIG) private readonly config: DashboardApiConfig,
  ) {}

  @Get('usage')
  @ApiOperation({ summary: 'Tokens, cost, calls, errors and latency per model and operation over a window (default: the last 24 h)' })
  @ApiQueryFrom(usageQuery)
  @ApiResult(usageSchema)
  async get(@Caller() caller: Principal, @ParsedQuery(usageQuery) query: z.infer<typeof usageQuery>) {
    const { fromMillis, toMillis } = resolveWindow(query, this.clock.now(), 86_400_000);
    const rows = await this.usage.usage(caller, fromMillis, toMillis);
    return {
      items: rows.map((row) => {
        const price = this.config.llmPricesUsdPerMillionTokens[row.model];
        return {
          model: row.model, operation: row.operation, inputTokens: row.inputTokens, outputTokens: row.outputTokens, calls: row.calls, errors: row.errors,
          errorRate: row.calls > 0 ? row.errors / row.calls : 0,
          meanLatencyMillis: row.calls > 0 ? (row.durationSecondsSum / row.calls) * 1000 : null,
          costUsd: price ? (row.inputTokens * price.input + row.outputTokens * price.output) / 1e6 : null,
        };
      }),
    };
  }
}
