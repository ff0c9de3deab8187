import type { WriteSeries } from './remote-write';

/** Seeded PRNG (mulberry32), so both engines and every run see the same series. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SCRAPE_MILLIS = 15_000;
/**
 * Samples sit 3.1 s after each 15 s grid point while queries run on the grid: no sample is
 * ever exactly on a range or lookback boundary, where Prometheus 2.42 (closed ranges) and 3
 * (left-open) legitimately differ.
 */
export const SAMPLE_OFFSET_MILLIS = 3_100;
export const BUCKETS = ['0.05', '0.1', '0.25', '0.5', '1', '+Inf'];

/** Counters with resets, gauges, a gauge with a 10-minute gap, a series that stops, classic histograms. */
export function generateSeries(startMillis: number, points: number, seed = 42): WriteSeries[] {
  const next = random(seed);
  const times = Array.from({ length: points }, (_, i) => startMillis + i * SCRAPE_MILLIS + SAMPLE_OFFSET_MILLIS);
  const out: WriteSeries[] = [];
  for (const instance of ['0', '1', '2', '3']) {
    for (const code of ['200', '500']) {
      let value = Math.floor(next() * 100);
      const resetAt = instance === '1' || instance === '3' ? Math.floor(points * (0.3 + next() * 0.4)) : -1;
      out.push({
        labels: { __name__: 'http_requests_total', job: 'api', instance, code },
        samples: times.map((timeMillis, i) => {
          value = i === resetAt ? Math.floor(next() * 5) : value + Math.floor(next() * (code === '200' ? 50 : 5));
          return { timeMillis, value };
        }),
      });
    }
  }
  for (const room of ['a', 'b', 'c']) {
    const phase = next() * Math.PI;
    out.push({
      labels: { __name__: 'temperature_celsius', room, site: room === 'c' ? 'remote' : 'hq' },
      samples: times.map((timeMillis, i) => ({ timeMillis, value: Math.round((20 + 5 * Math.sin(phase + i / 20) + next() - (room === 'b' ? 25 : 0)) * 1000) / 1000 })),
    });
  }
  const gapFrom = Math.floor(points / 2);
  out.push({
    labels: { __name__: 'queue_depth', queue: 'orders' },
    samples: times.flatMap((timeMillis, i) => (i >= gapFrom && i < gapFrom + 40 ? [] : [{ timeMillis, value: Math.floor(next() * 30) }])),
  });
  out.push({
    labels: { __name__: 'batch_jobs_running', job: 'nightly' },
    samples: times.slice(0, Math.floor(points / 2)).map((timeMillis) => ({ timeMillis, value: 1 + Math.floor(next() * 3) })),
  });
  for (const service of ['checkout', 'search']) {
    const cumulative = BUCKETS.map(() => 0);
    let sum = 0;
    const bucketSamples = BUCKETS.map(() => [] as { timeMillis: number; value: number }[]);
    const sumSamples: { timeMillis: number; value: number }[] = [];
    const countSamples: { timeMillis: number; value: number }[] = [];
    for (const timeMillis of times) {
      const observations = 5 + Math.floor(next() * 20);
      for (let o = 0; o < observations; o++) {
        const latency = next() ** (service === 'checkout' ? 2 : 1) * 1.5;
        sum += latency;
        BUCKETS.forEach((le, b) => {
          if (le === '+Inf' || latency <= Number(le)) cumulative[b]++;
        });
      }
      BUCKETS.forEach((_, b) => bucketSamples[b].push({ timeMillis, value: cumulative[b] }));
      sumSamples.push({ timeMillis, value: Math.round(sum * 1e6) / 1e6 });
      countSamples.push({ timeMillis, value: cumulative[BUCKETS.length - 1] });
    }
    BUCKETS.forEach((le, b) => out.push({ labels: { __name__: 'rpc_latency_seconds_bucket', service, le }, samples: bucketSamples[b] }));
    out.push({ labels: { __name__: 'rpc_latency_seconds_sum', service }, samples: sumSamples });
    out.push({ labels: { __name__: 'rpc_latency_seconds_count', service }, samples: countSamples });
  }
  return out;
}

/** Expressions for the differential corpus; each runs at several instants and as a range query. */
export const EXPRESSIONS: readonly string[] = [
  'http_requests_total',
  'http_requests_total{code="500"}',
  'http_requests_total{instance=~"[01]", code!="500"}',
  'rate(http_requests_total[5m])',
  'irate(http_requests_total[2m])',
  'increase(http_requests_total[10m])',
  'resets(http_requests_total[30m])',
  'changes(temperature_celsius[10m])',
  'delta(temperature_celsius[10m])',
  'idelta(temperature_celsius[5m])',
  'deriv(temperature_celsius[10m])',
  'predict_linear(temperature_celsius[10m], 600)',
  'sum by (code) (rate(http_requests_total[5m]))',
  'sum without (instance) (rate(http_requests_total[5m]))',
  'avg by (job) (rate(http_requests_total[5m]))',
  'max by (instance) (http_requests_total)',
  'min(temperature_celsius)',
  'count by (site) (temperature_celsius)',
  'group by (site) (temperature_celsius)',
  'stddev(temperature_celsius)',
  'stdvar by (site) (temperature_celsius)',
  'topk(2, rate(http_requests_total[5m]))',
  'bottomk(1, temperature_celsius)',
  'quantile(0.9, rate(http_requests_total[5m]))',
  'count_values("depth", queue_depth)',
  'sum(rate(http_requests_total{code="500"}[5m])) / sum(rate(http_requests_total[5m]))',
  'rate(http_requests_total{code="500"}[5m]) / ignoring(code) rate(http_requests_total{code="200"}[5m])',
  'http_requests_total / on(instance, code) group_left() sum by (instance, code) (http_requests_total)',
  'sum by (instance) (http_requests_total) / on(instance) group_right() http_requests_total',
  'temperature_celsius > 20',
  'temperature_celsius > bool 20',
  '20 < temperature_celsius',
  'temperature_celsius == bool temperature_celsius',
  'http_requests_total{code="500"} and on(instance) http_requests_total{code="200"} > 500',
  'temperature_celsius unless temperature_celsius{room="a"}',
  'queue_depth or batch_jobs_running',
  '-temperature_celsius',
  'temperature_celsius % 7',
  '2 ^ temperature_celsius{room="b"}',
  'atan2(temperature_celsius, 10)',
  'histogram_quantile(0.5, rate(rpc_latency_seconds_bucket[5m]))',
  'histogram_quantile(0.99, sum by (le) (rate(rpc_latency_seconds_bucket[5m])))',
  'histogram_quantile(0.9, sum by (service, le) (increase(rpc_latency_seconds_bucket[10m])))',
  'rate(rpc_latency_seconds_sum[5m]) / rate(rpc_latency_seconds_count[5m])',
  'avg_over_time(temperature_celsius[5m])',
  'min_over_time(temperature_celsius[5m])',
  'max_over_time(temperature_celsius[5m])',
  'sum_over_time(queue_depth[5m])',
  'count_over_time(queue_depth[10m])',
  'stddev_over_time(temperature_celsius[10m])',
  'stdvar_over_time(temperature_celsius[10m])',
  'quantile_over_time(0.75, temperature_celsius[10m])',
  'last_over_time(queue_depth[10m])',
  'max_over_time(http_requests_total[1m])',
  'min_over_time(temperature_celsius[4m] offset 2m)',
  'max by (site) (max_over_time(temperature_celsius[6m]))',
  'max_over_time(temperature_celsius[5m] offset 30s)',
  'present_over_time(batch_jobs_running[10m])',
  'absent(nonexistent_metric{job="x"})',
  'absent(batch_jobs_running)',
  'absent_over_time(batch_jobs_running[5m])',
  'queue_depth',
  'batch_jobs_running',
  'timestamp(queue_depth)',
  'queue_depth offset 10m',
  'rate(http_requests_total[5m] offset 5m)',
  'max_over_time(rate(http_requests_total[2m])[10m:1m])',
  'avg_over_time(temperature_celsius[10m:30s])',
  'label_replace(temperature_celsius, "floor", "f-$1", "room", "(.*)")',
  'label_join(temperature_celsius, "where", "/", "site", "room")',
  'abs(temperature_celsius)',
  'ceil(temperature_celsius)',
  'floor(temperature_celsius)',
  'round(temperature_celsius, 0.5)',
  'sqrt(abs(temperature_celsius))',
  'exp(temperature_celsius / 10)',
  'ln(abs(temperature_celsius))',
  'log2(http_requests_total + 1)',
  'log10(http_requests_total + 1)',
  'sgn(temperature_celsius)',
  'clamp(temperature_celsius, 0, 22)',
  'clamp_min(temperature_celsius, 0)',
  'clamp_max(temperature_celsius, 20)',
  'sort(temperature_celsius)',
  'sort_desc(temperature_celsius)',
  'scalar(sum(queue_depth))',
  'vector(1) + 1',
  'time() - timestamp(temperature_celsius)',
  'hour(timestamp(queue_depth))',
  'minute() ',
  'day_of_week()',
  'days_in_month(vector(time()))',
  'sin(temperature_celsius) + cos(temperature_celsius)',
  'deg(pi() * temperature_celsius / 180)',
  'holt_winters(temperature_celsius[10m], 0.5, 0.5)',
  'limitk(1, temperature_celsius)',
];
