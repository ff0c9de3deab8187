import type { Span } from '@vigil/contracts';
import type { MetricShape, SeriesAccumulator } from '../normalize/series-accumulator';
import { MetricKind, TemporalityKind } from '../normalize/telemetry';
import { numberAttribute, stringAttribute } from './span-view';

/**
 * LLM usage analytics from OpenTelemetry GenAI spans (`gen_ai.*` semantic conventions): token
 * counts per service, model, operation and token type, and their cost when the model has a
 * price in config. Older attribute names (`prompt_tokens`/`completion_tokens`) are read too.
 */
export interface ModelPrice {
  /** US dollars per million input (prompt) tokens. */
  readonly inputUsdPerMillionTokens: number;
  /** US dollars per million output (completion) tokens. */
  readonly outputUsdPerMillionTokens: number;
}

export const GEN_AI_METRICS = { tokens: 'vigil.gen_ai.tokens', costUsd: 'vigil.gen_ai.cost', requests: 'vigil.gen_ai.requests' } as const;

const sum = (name: string, unit: string, description: string): MetricShape => ({
  name,
  type: MetricKind.Sum,
  monotonic: true,
  temporality: TemporalityKind.Delta,
  unit,
  description,
});
const TOKENS = sum(GEN_AI_METRICS.tokens, '{token}', 'GenAI tokens per service, model, operation and token type (delta per request)');
const COST = sum(GEN_AI_METRICS.costUsd, 'USD', 'GenAI cost from the configured model prices (delta per request)');
const REQUESTS = sum(GEN_AI_METRICS.requests, '1', 'GenAI calls per service, model and operation (delta per request)');

interface Usage {
  labels: string[];
  requests: number;
  input: number;
  output: number;
  model: string;
}

export function deriveGenAiUsage(spans: readonly Span[], prices: Readonly<Record<string, ModelPrice>>, acc: SeriesAccumulator): void {
  const usage = new Map<string, Usage>();
  for (const span of spans) {
    const model = stringAttribute(span, 'gen_ai.response.model', 'gen_ai.request.model');
    if (model === '') continue;
    const operation = stringAttribute(span, 'gen_ai.operation.name') || 'unknown';
    const provider = stringAttribute(span, 'gen_ai.provider.name', 'gen_ai.system') || 'unknown';
    const key = `${span.service}\u0000${model}\u0000${operation}\u0000${provider}`;
    let entry = usage.get(key);
    if (!entry) {
      entry = { labels: ['service.name', span.service, 'gen_ai.request.model', model, 'gen_ai.operation.name', operation, 'gen_ai.provider.name', provider], requests: 0, input: 0, output: 0, model };
      usage.set(key, entry);
    }
    entry.requests++;
    entry.input += numberAttribute(span, 'gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens') ?? 0;
    entry.output += numberAttribute(span, 'gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens') ?? 0;
  }
  const now = acc.nowMillis;
  const at = (point: string[]) => ({ resourceKey: '', resource: [], point });
  for (const entry of usage.values()) {
    acc.sample(REQUESTS, at(entry.labels), now, 0, entry.requests);
    acc.sample(TOKENS, at([...entry.labels, 'gen_ai.token.type', 'input']), now, 0, entry.input);
    acc.sample(TOKENS, at([...entry.labels, 'gen_ai.token.type', 'output']), now, 0, entry.output);
    const price = prices[entry.model];
    if (price) {
      const usd = (entry.input * price.inputUsdPerMillionTokens + entry.output * price.outputUsdPerMillionTokens) / 1e6;
      acc.sample(COST, at(entry.labels), now, 0, usd);
    }
  }
}
