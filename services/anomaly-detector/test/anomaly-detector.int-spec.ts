import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { BusConsumer } from '@vigil/bus';
import { loadConfig } from '@vigil/config';
import {
  AlertStatus,
  FeedbackKind,
  FeedbackTarget,
  MetricType,
  Severity,
  TOPICS,
  createPayload,
  decodePayload,
  encodePayload,
  seriesFingerprintHex,
  type Alert,
  type Anomaly,
} from '@vigil/contracts';
import { createLogger } from '@vigil/observability';
import { ManualClock, startServices, type RunningVigil } from '@vigil/runtime';
import { freePort, waitFor } from '@vigil/testing';
import { anomalyDetectorService, anomalyId } from '../src';

// anomaly-detector in embedded mode: real MemoryBus, chDB and MemoryState; only the clock is
// simulated. Two identical latency series (checkout, payments); each gets the same spike at
// points 600 and 1200. Checkout's first anomaly is reported as a false positive in between.
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 1);
const METRIC = 'http_latency_ms';
const SERVICES = ['checkout', 'payments'];
const SPIKES = [600, 1200];

const quiet = () => createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const labelsOf = (service: string) => [{ name: 'service', value: service }];
const fingerprintOf = (service: string) => seriesFingerprintHex(METRIC, labelsOf(service));

/** ±2 ms of deterministic noise around 100 ms, plus a 6.5 ms spike at SPIKES. */
function latency(i: number): number {
  let x = Math.imul(i + 1, 2654435761);
  x = (x ^ (x >>> 13)) >>> 0;
  return 100 + 4 * ((x % 1000) / 1000 - 0.5) + (SPIKES.includes(i) ? 6.5 : 0);
}

describe('anomaly-detector (embedded)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-detector-'));
  const clock = new ManualClock(T0);
  const anomalies: Anomaly[] = [];
  const alerts: Alert[] = [];
  let vigil: RunningVigil;
  let collector: BusConsumer;

  beforeAll(async () => {
    // inboxPollMillis 0: feedback is applied on the next batch, not up to a second later, so the
    // test does not race the poll.
    const config = loadConfig({
      overrides: { dataDir, listen: { ops: { port: await freePort() } }, services: { 'anomaly-detector': { inboxPollMillis: 0 } } },
    });
    vigil = await startServices({ config, services: [anomalyDetectorService], logger: quiet(), clock });
    collector = vigil.runtime.bus.consumer({
      groupId: 'test-detector-output',
      handlers: [
        { topic: TOPICS.anomalies, decode: (b) => decodePayload(TOPICS.anomalies, b), handle: async (batch) => void anomalies.push(...batch.messages.map((m) => m.value as Anomaly)) },
        { topic: TOPICS.alerts, decode: (b) => decodePayload(TOPICS.alerts, b), handle: async (batch) => void alerts.push(...batch.messages.map((m) => m.value as Alert)) },
      ],
    });
    await collector.start();
  }, 60_000);

  afterAll(async () => {
    await collector?.stop();
    await vigil?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Points [from, to) of both series, 50 per message, keyed by series fingerprint. */
  async function publishPoints(from: number, to: number) {
    for (let start = from; start < to; start += 50) {
      const messages = SERVICES.map((service) => {
        const times: number[] = [];
        const values: number[] = [];
        for (let i = start; i < Math.min(to, start + 50); i++) {
          times.push(T0 + i * MINUTE);
          values.push(latency(i));
        }
        const series = { fingerprint: BigInt(`0x${fingerprintOf(service)}`), tenant: 'default', name: METRIC, labels: labelsOf(service), type: MetricType.GAUGE, sampleTimesUnixMs: times, sampleValues: values };
        return { key: fingerprintOf(service), value: encodePayload(TOPICS.metrics, createPayload(TOPICS.metrics, { series: [series] })) };
      });
      await vigil.runtime.bus.publish(TOPICS.metrics, messages);
    }
    clock.set(T0 + to * MINUTE);
  }

  const anomalyAt = (service: string, i: number) => anomalies.find((a) => a.id === anomalyId(fingerprintOf(service), T0 + i * MINUTE));
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

    const stored = await vigil.runtime.store.query<{ id: string; severity: string }>('SELECT id, toString(severity) AS severity FROM anomalies FINAL ORDER BY id');
    expect(stored.rows.map((r) => r.id).sort()).toEqual([anomalyAt('checkout', 600)?.id, anomalyAt('payments', 600)?.id].sort());
  }, 60_000);

  it('after false-positive reports the same spike no longer alerts on that series (the untouched twin still does)', async () => {
    const target = anomalyAt('checkout', 600) as Anomaly;
    const reports = [1, 2, 3, 4].map((n) =>
      createPayload(TOPICS.feedback, { id: `fp-${n}`, tenant: 'default', target: FeedbackTarget.ANOMALY, targetId: target.id, kind: FeedbackKind.FALSE_POSITIVE, user: 'sre', atUnixMs: clock.now() }),
    );
    // Published twice: redelivered or repeated feedback counts once.
    for (let round = 0; round < 2; round++) {
      await vigil.runtime.bus.publish(TOPICS.feedback, reports.map((f) => ({ key: target.id, value: encodePayload(TOPICS.feedback, f) })));
    }
    await waitFor(
      async () => (await vigil.runtime.store.query<{ n: string }>("SELECT count() AS n FROM feedback FINAL WHERE kind = 'false_positive'")).rows[0].n === '4',
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
