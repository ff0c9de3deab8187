import { costSpikeInsights, type GenAiUsagePoint } from './cost-insights';

const HOUR = 3_600_000;
const now = Date.UTC(2026, 2, 10, 12);
const series = (
  model: string,
  operation: string,
  tokens: (i: number) => number,
  service = 'assistant',
): GenAiUsagePoint[] =>
  Array.from({ length: 24 }, (_, i) => ({
    timeMillis: now - (24 - i) * HOUR,
    model,
    operation,
    tokens: tokens(i),
    costUsd: tokens(i) * 0.00001,
    service,
  }));

describe('costSpikeInsights', () => {
  it('reports a token spike of one model and operation with its extra cost, and leaves steady pairs alone', () => {
    const points = [
      ...series('gpt-4o', 'chat', (i) => (i >= 21 ? 400_000 : 100_000 + (i % 5) * 2_000)),
      ...series('text-embedding-3-small', 'embeddings', (i) => 50_000 + (i % 3) * 1_000, 'search'),
    ];

    const insights = costSpikeInsights(points, now);

    expect(insights).toHaveLength(1);
    expect(insights[0].type).toBe('COST');
    expect(insights[0].subject).toBe('cost:gpt-4o:chat');
    expect(insights[0].service).toBe('assistant');
    expect(insights[0].title).toBe('LLM usage spike: gpt-4o chat at 3.8× its usual tokens');
    expect(insights[0].summary).toMatch(/about \$8\.\d\d extra over the last 3 buckets/);
  });

  it('needs enough history before judging', () => {
    const short = series('gpt-4o', 'chat', (i) => (i >= 21 ? 400_000 : 100_000)).slice(-8);

    expect(costSpikeInsights(short, now)).toEqual([]);
  });
});
