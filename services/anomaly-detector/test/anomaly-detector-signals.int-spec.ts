import { AlertStatus, MetricType, Temporality, type Anomaly } from '@vigil/contracts';
import { waitFor } from '@vigil/testing';
import { EmbeddedDetector, MINUTE, type SeriesInit } from './embedded-detector';

const T0 = Date.UTC(2026, 2, 1);
const SERVICE: { name: string; value: string }[] = [{ name: 'service.name', value: 'gateway' }];

/** A deterministic wobble in [0, 1) per step. */
const wobble = (i: number) => (((i + 1) * 2654435761) % 1000) / 1000;

/** Producers send per-request DELTA counts every 10 s (as ingest derives them from spans): ~100/min, ×8 from minute 600. */
function calls(step: number): SeriesInit {
  const minute = Math.floor((step * 10_000) / MINUTE);
  const perTenSeconds = (100 / 6) * (1 + 0.1 * wobble(step)) * (minute >= 600 && minute < 606 ? 8 : 1);
  return { tenant: 'default', name: 'vigil.span.calls', labels: SERVICE, type: MetricType.SUM, monotonic: true, temporality: Temporality.DELTA, sampleTimesUnixMs: [T0 + step * 10_000], sampleValues: [Math.round(perTenSeconds)] };
}

/** A DELTA latency histogram every 10 s: mean ~80 ms, ×3 from minute 600 (the N+1 query). */
function duration(step: number): SeriesInit {
  const minute = Math.floor((step * 10_000) / MINUTE);
  const count = 16 + Math.floor(4 * wobble(step));
  const mean = 0.08 * (1 + 0.1 * wobble(step * 3)) * (minute >= 600 ? 3 : 1);
  return {
    tenant: 'default',
    name: 'vigil.span.duration',
    labels: SERVICE,
    type: MetricType.HISTOGRAM,
    temporality: Temporality.DELTA,
    unit: 's',
    histograms: [{ timeUnixMs: T0 + step * 10_000, explicitBounds: [0.1, 1], bucketCounts: [BigInt(count), 0n, 0n], sum: mean * count, count: BigInt(count) }],
  };
}

describe('anomaly-detector on counters and histograms (embedded)', () => {
  let detector: EmbeddedDetector;
  beforeAll(async () => {
    detector = await EmbeddedDetector.start(T0);
  });
  afterAll(async () => {
    await detector.stop();
  });

  it('scores a request counter by its rate and a latency histogram by its mean: each regression is one anomaly and a firing alert', async () => {
    const stepsPerMinute = 6;
    for (let step = 0; step < 620 * stepsPerMinute; step += 60) {
      const batch: SeriesInit[] = [];
      for (let s = step; s < step + 60; s++) batch.push(calls(s), duration(s));
      await detector.publishSeries(batch, T0 + (step + 60) * 10_000);
    }
    const firstOf = (metric: string) => detector.anomalies.filter((a) => a.metricName === metric).sort((a, b) => a.timeUnixMs - b.timeUnixMs)[0] as Anomaly | undefined;
    await waitFor(() => firstOf('vigil.span.calls') && firstOf('vigil.span.duration'), { timeoutMillis: 45_000, what: 'the traffic spike and the latency regression flagged' });

    const traffic = firstOf('vigil.span.calls') as Anomaly;
    // Valued as requests per second over a finished minute, at the minute's end.
    expect(traffic.timeUnixMs).toBe(T0 + 601 * MINUTE);
    expect(traffic.value).toBeGreaterThan(10);
    expect(traffic.upperBound).toBeLessThan(3);
    const latency = firstOf('vigil.span.duration') as Anomaly;
    expect(latency.timeUnixMs).toBe(T0 + 601 * MINUTE);
    expect(latency.value).toBeGreaterThan(0.2);
    // Nothing before the regressions: 600 calm minutes of both series raise no anomaly.
    expect(detector.anomalies.filter((a) => a.timeUnixMs <= T0 + 600 * MINUTE)).toEqual([]);
    await waitFor(() => detector.alerts.filter((a) => a.status === AlertStatus.FIRING).length >= 2, { timeoutMillis: 10_000, what: 'both alerts firing' });
  }, 90_000);
});
