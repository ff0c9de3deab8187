import { AlertStatus, FeedbackTarget, Severity, seriesFingerprintHex, type Alert, type Anomaly } from '@vigil/contracts';
import { waitFor } from '@vigil/testing';
import { anomalyId } from '../src';
import { EmbeddedDetector, MINUTE, type FedSeries } from './embedded-detector';

// anomaly-detector in embedded mode: real MemoryBus, chDB and MemoryState; only the clock is
// simulated. Two identical latency series (checkout, payments); each gets the same spike at
// points 600 and 1200. Checkout's first anomaly is reported as a false positive in between.
const T0 = Date.UTC(2026, 10, 1);
const METRIC = 'http_latency_ms';
const SERVICES = ['checkout', 'payments'];
const SPIKES = [600, 1200];

const labelsOf = (service: string) => [{ name: 'service', value: service }];
const fingerprintOf = (service: string) => seriesFingerprintHex(METRIC, labelsOf(service));

/** ±2 ms of deterministic noise around 100 ms, plus a 6.5 ms spike at SPIKES. */
function latency(i: number): number {
  let x = Math.imul(i + 1, 2654435761);
  x = (x ^ (x >>> 13)) >>> 0;
  return 100 + 4 * ((x % 1000) / 1000 - 0.5) + (SPIKES.includes(i) ? 6.5 : 0);
}

const SERIES: FedSeries[] = SERVICES.map((service) => ({ tenant: 'default', name: METRIC, labels: labelsOf(service), value: latency }));

describe('anomaly-detector (embedded)', () => {
  let detector: EmbeddedDetector;
  let anomalies: Anomaly[];
  let alerts: Alert[];

  beforeAll(async () => {
    detector = await EmbeddedDetector.start(T0);
    ({ anomalies, alerts } = detector);
  }, 60_000);

  afterAll(async () => {
    await detector?.stop();
  });

  const publishPoints = (from: number, to: number) => detector.publishPoints(SERIES, from, to);
  const anomalyAt = (service: string, i: number) => anomalies.find((a) => a.id === anomalyId('default', fingerprintOf(service), T0 + i * MINUTE));
  const firing = (service: string) => alerts.filter((a) => a.status === AlertStatus.FIRING && a.labels.some((l) => l.name === 'service' && l.value === service));
  const label = (alert: Alert, name: string) => alert.labels.find((l) => l.name === name)?.value;
  const annotation = (alert: Alert, name: string) => alert.annotations.find((l) => l.name === name)?.value;

  it('flags an injected spike: one anomaly on the topic and in the store, and a firing then resolved alert', async () => {
    await publishPoints(0, 900);
    await waitFor(() => anomalyAt('checkout', 600) && anomalyAt('payments', 600), { timeoutMillis: 30_000, what: 'both spikes flagged' });
    const anomaly = anomalyAt('checkout', 600) as Anomaly;
    expect(anomaly.value).toBeGreaterThan(anomaly.upperBound);
    expect(anomaly.explanation).toMatch(/expected [\d.]+–[\d.]+/); // the band the chart shows
    expect(anomalies.filter((a) => a.metricName === METRIC)).toHaveLength(2); // one per series, nothing else in 900 calm points

    await waitFor(() => alerts.filter((a) => a.status === AlertStatus.RESOLVED).length === 2, { timeoutMillis: 10_000, what: 'both alerts resolved' });
    const [alert] = firing('checkout');
    expect(label(alert, 'alertname')).toBe('VigilAnomaly');
    expect(label(alert, 'metric')).toBe(METRIC);
    expect(label(alert, 'severity')).toBe('high');
    expect(annotation(alert, 'description')).toBe(anomaly.explanation);
    expect(annotation(alert, 'expected_band')).toMatch(/^[\d.]+ – [\d.]+$/);
    expect(alert.startsAtUnixMs).toBe(T0 + 600 * MINUTE);
    const resolved = alerts.find((a) => a.status === AlertStatus.RESOLVED && a.fingerprint === alert.fingerprint) as Alert;
    expect(resolved.endsAtUnixMs).toBe(T0 + 610 * MINUTE); // first point 10 quiet minutes later

    // The store follows the topic (its own writer group): the same anomalies, once each.
    const storedIds = async () => (await detector.vigil.runtime.store.query<{ id: string }>('SELECT id FROM anomalies FINAL ORDER BY id')).rows.map((r) => r.id);
    await waitFor(async () => (await storedIds()).length >= 2, { timeoutMillis: 10_000, what: 'anomalies stored' });
    expect(await storedIds()).toEqual([anomalyAt('checkout', 600)?.id, anomalyAt('payments', 600)?.id].sort());
    const storedAlerts = async () => (await detector.vigil.runtime.store.query<{ n: string }>("SELECT count() AS n FROM alerts FINAL WHERE status = 'resolved'")).rows[0].n;
    await waitFor(async () => (await storedAlerts()) === '2', { timeoutMillis: 10_000, what: 'resolved alerts stored' });
  }, 60_000);

  it('after false-positive reports the same spike no longer alerts on that series (the untouched twin still does)', async () => {
    const target = anomalyAt('checkout', 600) as Anomaly;
    // Published twice: redelivered or repeated feedback counts once.
    for (let round = 0; round < 2; round++) {
      for (let n = 1; n <= 4; n++) await detector.falsePositive('default', `fp-${n}`, FeedbackTarget.ANOMALY, target.id);
    }
    await waitFor(
      async () => (await detector.vigil.runtime.store.query<{ n: string }>("SELECT count() AS n FROM feedback FINAL WHERE kind = 'false_positive'")).rows[0].n === '4',
      { timeoutMillis: 10_000, what: 'feedback stored' },
    );
    await publishPoints(900, 1300);
    await waitFor(() => anomalyAt('payments', 1200) && anomalyAt('checkout', 1200), { timeoutMillis: 30_000, what: 'second spikes scored' });

    const twin = anomalyAt('payments', 1200) as Anomaly;
    const reported = anomalyAt('checkout', 1200) as Anomaly;
    expect(reported.score).toBeLessThan(twin.score);
    expect(reported.severity).toBe(Severity.LOW);
    expect(twin.severity).toBeGreaterThanOrEqual(Severity.MEDIUM);
    await waitFor(() => firing('payments').length === 2, { timeoutMillis: 10_000, what: "the twin's second alert" });
    expect(firing('checkout')).toHaveLength(1); // only the first spike's alert
  }, 60_000);
});
