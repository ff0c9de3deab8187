/**
 * COST insights from LLM usage (OpenTelemetry `gen_ai` series): token or cost spikes per model
 * and operation, judged against that pair's own recent history.
 */
import { median, robustSigma } from '../rca/robust-stats';
import { finishInsight } from './insight-identity';
import type { Insight } from './insight-types';

/** Usage of one (model, operation) in one time bucket, e.g. from `gen_ai.client.token.usage`. */
export interface GenAiUsagePoint {
  timeMillis: number;
  /** `gen_ai.request.model`. */
  model: string;
  /** `gen_ai.operation.name` (chat, embeddings, ...). */
  operation: string;
  /** Input + output tokens in the bucket. */
  tokens: number;
  /** Cost in USD when known (from a price table or the provider). */
  costUsd?: number;
  /** Service that made the calls, if known. */
  service?: string;
}

export interface CostSpikeOptions {
  /** Most recent buckets compared against the earlier ones. */
  recentBuckets: number;
  /** Earlier buckets needed before judging. */
  minHistoryBuckets: number;
  /** Sigmas above the usual level that count as a spike. */
  spikeSigmas: number;
  /** And at least this ratio over the usual level. */
  minRatio: number;
}

export const DEFAULT_COST_SPIKE_OPTIONS: Readonly<CostSpikeOptions> = Object.freeze({
  recentBuckets: 3,
  minHistoryBuckets: 12,
  spikeSigmas: 4,
  minRatio: 1.5,
});

/** One COST insight per (model, operation) whose recent usage spiked; costliest first. */
export function costSpikeInsights(
  points: readonly GenAiUsagePoint[],
  nowMillis: number,
  overrides: Partial<CostSpikeOptions> = {},
): Insight[] {
  const options = { ...DEFAULT_COST_SPIKE_OPTIONS, ...overrides };
  const groups = new Map<string, GenAiUsagePoint[]>();
  for (const p of points) {
    const key = `${p.model}\u0000${p.operation}`;
    const list = groups.get(key) ?? [];
    list.push(p);
    groups.set(key, list);
  }
  const found: Array<{ insight: Insight; extraUsd: number }> = [];
  for (const [key, list] of groups) {
    const [model, operation] = key.split('\u0000');
    list.sort((a, b) => a.timeMillis - b.timeMillis);
    if (list.length < options.minHistoryBuckets + options.recentBuckets) continue;
    const history = list.slice(0, -options.recentBuckets);
    const recent = list.slice(-options.recentBuckets);
    const usual = median(history.map((p) => p.tokens));
    const scale = Math.max(
      robustSigma(
        history.map((p) => p.tokens),
        usual,
      ),
      0.1 * usual,
      Math.sqrt(usual),
      1,
    );
    const recentTokens = median(recent.map((p) => p.tokens));
    const sigmas = (recentTokens - usual) / scale;
    const ratio = usual > 0 ? recentTokens / usual : Number.POSITIVE_INFINITY;
    if (sigmas < options.spikeSigmas || ratio < options.minRatio) continue;

    const pricePerToken = pricePerTokenOf(list);
    const extraUsd =
      pricePerToken === null ? 0 : (recentTokens - usual) * pricePerToken * options.recentBuckets;
    const services = [...new Set(recent.map((p) => p.service).filter((s): s is string => !!s))];
    const ratioText = Number.isFinite(ratio) ? `${Math.round(ratio * 10) / 10}×` : 'from zero';
    const insight = finishInsight(
      {
        type: 'COST',
        subject: `cost:${model}:${operation}`,
        service: services[0] ?? null,
        title: `LLM usage spike: ${model} ${operation} at ${ratioText} its usual tokens`,
        summary:
          `${operation} calls to ${model} used ${Math.round(recentTokens)} tokens per bucket against a usual ${Math.round(usual)}` +
          (extraUsd > 0
            ? `, about $${extraUsd.toFixed(2)} extra over the last ${options.recentBuckets} buckets`
            : '') +
          (services.length ? ` (from ${services.join(', ')})` : '') +
          '.',
        evidence: [
          {
            kind: 'series',
            ref: `gen_ai.client.token.usage{model=${model},operation=${operation}}`,
            label: `${model} ${operation} tokens`,
          },
        ],
        confidence: Math.min(1, 0.5 + sigmas / 40),
        impact:
          extraUsd > 0
            ? Math.min(1, 0.3 + Math.log10(1 + extraUsd) / 3)
            : Math.min(0.8, 0.2 + (ratio - 1) / 10),
        recommendation: `Check what drives ${operation} calls to ${model}${services.length ? ` in ${services.join(', ')}` : ''}: a prompt or context-size change, a retry loop, or new traffic. Cap tokens per request or cache repeated calls.`,
      },
      nowMillis,
    );
    found.push({ insight, extraUsd });
  }
  return found
    .sort((a, b) => b.extraUsd - a.extraUsd || b.insight.impact - a.insight.impact)
    .map((f) => f.insight);
}

function pricePerTokenOf(points: readonly GenAiUsagePoint[]): number | null {
  let usd = 0;
  let tokens = 0;
  for (const p of points) {
    if (p.costUsd === undefined) continue;
    usd += p.costUsd;
    tokens += p.tokens;
  }
  return tokens > 0 ? usd / tokens : null;
}
