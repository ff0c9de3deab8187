import { metricSeriesOf, neighbourhood, symptomOf } from './rca-input';
import type { MetricBucketRow } from './rca-window.repository';

const edges = [
  { from: 'frontend', to: 'checkout' },
  { from: 'checkout', to: 'postgres' },
  { from: 'catalog', to: 'postgres' },
  { from: 'postgres', to: 'disk' },
];

describe('rca input', () => {
  it('reads the incident services and their neighbours up to the hop limit, both directions', () => {
    expect(neighbourhood(['checkout'], edges, 1)).toEqual(['checkout', 'frontend', 'postgres']);
    expect(neighbourhood(['checkout'], edges, 2)).toEqual(['catalog', 'checkout', 'disk', 'frontend', 'postgres']);
    expect(neighbourhood([], edges, 2)).toBeNull();
  });

  it('takes the most upstream incident service as the symptom', () => {
    expect(symptomOf(['checkout', 'frontend'], edges)).toEqual({ service: 'frontend' });
    expect(symptomOf(['postgres', 'catalog'], edges, 'latency')).toEqual({ service: 'catalog', indicator: 'latency' });
    expect(symptomOf([], edges)).toBeNull();
  });

  it('turns cumulative counters into per-bucket increases and keeps gauges as they are', () => {
    const row = (metric: string, kind: MetricBucketRow['kind'], bucketMillis: number, value: number): MetricBucketRow => ({ service: 'api', metric, kind, bucketMillis, value });
    const series = metricSeriesOf(
      [row('requests', 'cumulative', 120_000, 130), row('requests', 'cumulative', 180_000, 5), row('cpu', 'gauge', 120_000, 0.5)],
      [row('requests', 'cumulative', 0, 100), row('requests', 'cumulative', 60_000, 110)],
    );
    const requests = series.find((s) => s.metric === 'requests');

    expect(requests?.statistic).toBe('rate');
    // 130 → 5 is a counter reset: the new value is the increase.
    expect(requests?.points).toEqual([{ timeMillis: 180_000, value: 5 }]);
    expect(requests?.normal).toEqual([{ timeMillis: 60_000, value: 10 }]);
    expect(series.find((s) => s.metric === 'cpu')?.points).toEqual([{ timeMillis: 120_000, value: 0.5 }]);
  });
});
