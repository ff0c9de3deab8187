import { indicatorOf, signalsFromMetrics, typicalStepMillis } from './metric-signals';

describe('signalsFromMetrics', () => {
  it('names indicators metric:statistic and infers which direction is bad', () => {
    const [latency, availability] = signalsFromMetrics([
      { service: 'a', metric: 'latency', statistic: 'p99', points: [{ timeMillis: 0, value: 1 }] },
      { service: 'a', metric: 'availability', statistic: 'Average', points: [{ timeMillis: 0, value: 100 }] },
    ]);

    expect(latency.indicator).toBe('latency:p99');
    expect(latency.direction).toBe('up');
    expect(availability.direction).toBe('down');
    expect(indicatorOf('cpu_usage')).toBe('cpu_usage');
  });

  it('turns a cumulative counter into a per-second rate, skipping a reset', () => {
    const points = [0, 60, 120, 10, 70].map((value, i) => ({ timeMillis: i * 60_000, value }));
    const [signal] = signalsFromMetrics([
      {
        service: 'a',
        metric: 'http_requests_total',
        points: [
          ...points.slice(0, 3),
          { timeMillis: 180_000, value: 180 },
          { timeMillis: 240_000, value: 240 },
        ],
      },
    ]);
    const [gauge] = signalsFromMetrics([{ service: 'a', metric: 'queue_length', points }]);

    expect(signal.points.map((p) => p.value)).toEqual([1, 1, 1, 1]);
    expect(gauge.points.map((p) => p.value)).toEqual([0, 60, 120, 10, 70]);
  });

  it('finds the typical step of the series', () => {
    const points = [0, 300_000, 600_000, 900_000].map((timeMillis) => ({ timeMillis, value: 1 }));

    expect(typicalStepMillis([{ service: 'a', metric: 'm', points }])).toBe(300_000);
    expect(typicalStepMillis([])).toBeNull();
  });
});
