import { PromqlEngine } from './engine';
import { ParseError, QueryLimitError, QueryTimeoutError, UnsupportedFeatureError } from './errors';
import { formatFloat } from './float';
import { MemorySampleSource } from './memory-sample-source';
import { parseSeriesValues } from './test-script';

const MINUTE = 60_000;

function source(): MemorySampleSource {
  const memory = new MemorySampleSource();
  const load = (labels: Record<string, string>, notation: string) =>
    memory.add(labels, parseSeriesValues(notation).map((value, i) => (value === 'gap' ? undefined : { timeMillis: i * 5 * MINUTE, value: value === 'stale' ? NaN : value, stale: value === 'stale' })).filter((p) => p !== undefined));
  load({ __name__: 'http_requests', job: 'api', instance: '0' }, '0+10x10');
  load({ __name__: 'http_requests', job: 'api', instance: '1' }, '0+20x10');
  load({ __name__: 'counter', job: 'api' }, '0 10 20 5 15');
  load({ __name__: 'gone', job: 'api' }, '1 2 stale');
  return memory;
}

async function instant(query: string, minutes: number) {
  return new PromqlEngine().instantQuery(source(), query, minutes * MINUTE);
}

describe('PromqlEngine', () => {
  it('sums by a label', async () => {
    const result = await instant('sum by (job) (http_requests)', 50);
    expect(result).toMatchObject({ resultType: 'vector', samples: [{ labels: { job: 'api' }, value: 300 }] });
  });

  it('extrapolates rate like Prometheus 3 and drops the metric name', async () => {
    const result = await instant('rate(http_requests{instance="0"}[10m])', 50);
    expect(result).toMatchObject({ samples: [{ labels: { job: 'api', instance: '0' } }] });
    expect(result.resultType === 'vector' && result.samples[0].value).toBeCloseTo(20 / 600, 12);
  });

  it('counts a counter reset in increase', async () => {
    const result = await instant('increase(counter[21m])', 20);
    // 0 10 20 5 15: 20 before the reset + 15 after = 35; a counter starting at 0 is not extrapolated below zero.
    expect(result.resultType === 'vector' && result.samples[0].value).toBe(35);
    expect(await instant('resets(counter[21m])', 20)).toMatchObject({ samples: [{ value: 1 }] });
  });

  it('ends a series at its stale marker instead of looking back 5 minutes', async () => {
    expect(await instant('gone', 10)).toMatchObject({ samples: [] });
    expect(await instant('gone', 12)).toMatchObject({ samples: [] });
    expect(await instant('gone', 5)).toMatchObject({ samples: [{ value: 2 }] });
  });

  it('treats range selectors as left-open', async () => {
    expect(await instant('count_over_time(http_requests{instance="0"}[10m])', 50)).toMatchObject({ samples: [{ value: 2 }] });
  });

  it('matches many-to-one with group_left and copies included labels', async () => {
    const result = await instant('http_requests / on(job) group_left(extra) label_replace(sum by (job) (http_requests), "extra", "x", "", "")', 50);
    expect(result).toMatchObject({ samples: [{ labels: { job: 'api', instance: '0', extra: 'x' } }, { labels: { job: 'api', instance: '1', extra: 'x' } }] });
  });

  it('refuses a one-to-one match that has many candidates', async () => {
    await expect(instant('http_requests + on(job) http_requests', 50)).rejects.toThrow(/many-to-many matching not allowed/);
  });

  it('names the feature it does not support', async () => {
    await expect(instant('histogram_count(x)', 50)).rejects.toThrow(UnsupportedFeatureError);
    await expect(instant('limitk(1, x)', 50)).rejects.toThrow(/limitk/);
    await expect(instant('sum(', 50)).rejects.toThrow(ParseError);
  });

  it('evaluates a subquery on steps aligned to the step size', async () => {
    expect(await instant('max_over_time(http_requests{instance="1"}[20m:5m])', 50)).toMatchObject({ samples: [{ value: 200 }] });
  });

  it('returns one series per label set for a range query', async () => {
    const result = await new PromqlEngine().rangeQuery(source(), 'sum(http_requests)', 0, 50 * MINUTE, 10 * MINUTE);
    expect(result).toEqual({ resultType: 'matrix', series: [{ labels: {}, points: [0, 10, 20, 30, 40, 50].map((m) => [m * MINUTE, m * 6]) }] });
  });

  it('fails with a limit error, not a partial answer, when a query would load too many samples', async () => {
    const engine = new PromqlEngine({ lookbackMillis: 300_000, defaultSubqueryStepMillis: 60_000, maxSamples: 10 });
    await expect(engine.rangeQuery(source(), 'sum(http_requests)', 0, 50 * MINUTE, MINUTE)).rejects.toThrow(QueryLimitError);
    await expect(engine.instantQuery(source(), 'http_requests{instance="0"}', 0)).resolves.toMatchObject({ resultType: 'vector' });
  });

  it('stops a range query at its deadline with a timeout error', async () => {
    let fakeNow = 0;
    const budget = { now: () => (fakeNow += 10), timeoutMillis: 50 };
    await expect(new PromqlEngine().rangeQuery(source(), 'sum(http_requests)', 0, 50 * MINUTE, 1_000, budget)).rejects.toThrow(QueryTimeoutError);
  });

  it('refuses a range function whose outputs collide once names are dropped, unless it keeps names', async () => {
    const memory = new MemorySampleSource();
    for (const name of ['a', 'b']) memory.add({ __name__: name, job: 'x' }, [0, 1, 2].map((i) => ({ timeMillis: i * MINUTE, value: i })));
    const engine = new PromqlEngine();
    await expect(engine.rangeQuery(memory, 'rate({job="x"}[3m])', 2 * MINUTE, 2 * MINUTE, MINUTE)).rejects.toThrow(/same labelset/);
    expect(await engine.instantQuery(memory, 'last_over_time({job="x"}[3m])', 2 * MINUTE)).toMatchObject({ samples: [{ value: 2 }, { value: 2 }] });
  });

  it('formats floats as Go does, without exponents', () => {
    expect([formatFloat(1e21), formatFloat(1.5e-7), formatFloat(Infinity), formatFloat(NaN), formatFloat(0.1)]).toEqual(['1000000000000000000000', '0.00000015', '+Inf', 'NaN', '0.1']);
  });
});
