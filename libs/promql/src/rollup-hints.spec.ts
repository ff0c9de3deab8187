import { PromqlEngine } from './engine';
import { parseExpr } from './parser';
import { rollupAligned, rollupHints } from './rollup-hints';
import type { LoadedSeries, SampleSource, SelectRequest } from './sample-source';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function hintsOf(query: string, startMillis: number, endMillis: number, stepMillis: number) {
  return [...rollupHints(parseExpr(query), { startMillis, endMillis, stepMillis }).values()];
}

describe('rollup hints', () => {
  it('describes the windows of min/max/last/present_over_time on a plain matrix selector', () => {
    expect(hintsOf('max by (job) (max_over_time(x[5m] offset 1m))', 10 * MINUTE, 20 * MINUTE + 30_000, MINUTE)).toEqual([
      { function: 'max_over_time', rangeMillis: 5 * MINUTE, firstEndMillis: 9 * MINUTE, lastEndMillis: 19 * MINUTE, stepMillis: MINUTE },
    ]);
    expect(hintsOf('last_over_time(x[1h] @ 7200)', 0, HOUR, MINUTE)).toEqual([{ function: 'last_over_time', rangeMillis: HOUR, firstEndMillis: 2 * HOUR, lastEndMillis: 2 * HOUR, stepMillis: 0 }]);
  });

  it('gives no hint where buckets cannot stand in for samples exactly', () => {
    for (const query of ['avg_over_time(x[5m])', 'sum_over_time(x[5m])', 'count_over_time(x[5m])', 'rate(x[5m])', 'max_over_time(rate(x[1m])[5m:1m])', 'max_over_time(x[5m:1m])', 'x']) {
      expect(hintsOf(query, 0, HOUR, MINUTE)).toEqual([]);
    }
  });

  it('lets a resolution serve only windows made of whole buckets', () => {
    const hint = { function: 'min_over_time' as const, rangeMillis: 2 * HOUR, firstEndMillis: 3 * HOUR, lastEndMillis: 9 * HOUR, stepMillis: HOUR };
    expect(rollupAligned(hint, HOUR)).toBe(true);
    expect(rollupAligned(hint, MINUTE)).toBe(true);
    expect(rollupAligned({ ...hint, stepMillis: 30 * MINUTE }, HOUR)).toBe(false);
    expect(rollupAligned({ ...hint, firstEndMillis: 3 * HOUR + 15_000 }, MINUTE)).toBe(false);
    expect(rollupAligned({ ...hint, rangeMillis: 90_000 }, MINUTE)).toBe(false);
  });
});

/** A source that answers hinted selectors with one point per minute bucket, like Vigil's store. */
class BucketingSource implements SampleSource {
  readonly requests: SelectRequest[] = [];
  constructor(private readonly times: number[], private readonly values: number[]) {}

  async select(request: SelectRequest): Promise<readonly LoadedSeries[]> {
    this.requests.push(request);
    const labels = { __name__: 'x', job: 'a' };
    const hint = request.rollup;
    if (!hint || !rollupAligned(hint, MINUTE)) return [{ labels, timesMillis: this.times, values: this.values }];
    const buckets = new Map<number, number[]>();
    this.times.forEach((t, i) => buckets.set(Math.floor(t / MINUTE) * MINUTE, [...(buckets.get(Math.floor(t / MINUTE) * MINUTE) ?? []), this.values[i]]));
    const starts = [...buckets.keys()].sort((a, b) => a - b);
    const reduce = { min_over_time: Math.min, max_over_time: Math.max, last_over_time: (...v: number[]) => v[v.length - 1], present_over_time: () => 1 }[hint.function];
    return [{ labels, timesMillis: starts.map((m) => m + MINUTE / 2), values: starts.map((m) => reduce(...buckets.get(m)!)), bucketMillis: MINUTE }];
  }
}

describe('rollup-served range queries', () => {
  it('give the same answers as raw samples, and report the rollup in stats', async () => {
    const times = Array.from({ length: 120 }, (_, i) => i * 15_000 + 3_100);
    const values = times.map((_, i) => Math.sin(i / 3) * 10 + (i % 7));
    const raw: SampleSource = { select: async () => [{ labels: { __name__: 'x', job: 'a' }, timesMillis: times, values }] };
    const engine = new PromqlEngine();
    const budget = { now: () => 0, timeoutMillis: 60_000, stopwatch: () => 0 };
    for (const query of ['max_over_time(x[5m])', 'min_over_time(x[3m] offset 1m)', 'last_over_time(x[2m])', 'present_over_time(x[1m])']) {
      const bucketing = new BucketingSource(times, values);
      const fromBuckets = await engine.rangeQuery(bucketing, query, 6 * MINUTE, 29 * MINUTE, 2 * MINUTE, budget);
      const fromSamples = await engine.rangeQuery(raw, query, 6 * MINUTE, 29 * MINUTE, 2 * MINUTE);
      expect(fromBuckets.stats?.rollupSelectors).toBe(1);
      expect({ ...fromBuckets, stats: undefined }).toEqual({ ...fromSamples, stats: undefined });
    }
  });
});
