import { partitionForKey } from '@vigil/bus';
import { FeedbackTarget, Severity, TOPICS, seriesFingerprintHex, type Anomaly } from '@vigil/contracts';
import { makeDetectConfig } from '@vigil/detect';
import { waitFor } from '@vigil/testing';
import { anomalyId, seriesKey } from '../src';
import { DEFAULT_POLICY } from '../src/anomaly-detector.config';
import { DetectorBook } from '../src/detector-book';
import { PartitionStateRepository } from '../src/partition-state.repository';
import { decodeLogEntry } from '../src/series-checkpoint';
import { EmbeddedDetector, MINUTE, type FedSeries } from './embedded-detector';

// Regression test of the tenant leak (decision 160): three tenants send the SAME series (same
// name and labels, so the same fingerprint and Kafka partition) with different values, through
// the real embedded runner (MemoryBus, chDB, MemoryState; simulated clock). Each must get its
// own detector, anomalies, alerts and feedback; a report for a series a tenant has not sent yet
// waits until it does.
const T0 = Date.UTC(2026, 10, 1);
const METRIC = 'http_latency_ms';
const LABELS = [{ name: 'service', value: 'checkout' }];
const FINGERPRINT = seriesFingerprintHex(METRIC, LABELS);
/** Level and spike positions per tenant: same series, different values. */
const TENANTS: Record<string, { level: number; spikes: number[] }> = {
  acme: { level: 100, spikes: [600, 1200] },
  globex: { level: 150, spikes: [800, 1200] },
  initech: { level: 120, spikes: [] },
};

/** ±2 of deterministic noise around the tenant's level, plus a 6.5 spike at its spike points. */
function value(tenant: string, i: number): number {
  let x = Math.imul(i + 1, 2654435761);
  x = (x ^ (x >>> 13)) >>> 0;
  return TENANTS[tenant].level + 4 * ((x % 1000) / 1000 - 0.5) + (TENANTS[tenant].spikes.includes(i) ? 6.5 : 0);
}

const copyOf = (tenant: string): FedSeries => ({ tenant, name: METRIC, labels: LABELS, value: (i) => value(tenant, i) });

describe('anomaly-detector keeps tenants apart (embedded)', () => {
  let detector: EmbeddedDetector;
  let anomalies: Anomaly[];

  beforeAll(async () => {
    detector = await EmbeddedDetector.start(T0);
    anomalies = detector.anomalies;
  }, 60_000);

  afterAll(async () => {
    await detector?.stop();
  });

  const publishPoints = (tenants: readonly string[], from: number, to: number) => detector.publishPoints(tenants.map(copyOf), from, to);
  const falsePositive = (tenant: string, id: string, target: FeedbackTarget, targetId: string) => detector.falsePositive(tenant, id, target, targetId);
  const anomalyAt = (tenant: string, i: number) => anomalies.find((a) => a.id === anomalyId(tenant, FINGERPRINT, T0 + i * MINUTE));
  const flaggedPoints = (tenant: string) => anomalies.filter((a) => a.tenant === tenant).map((a) => (a.timeUnixMs - T0) / MINUTE);

  const partition = async () => partitionForKey(FINGERPRINT, await detector.vigil.runtime.bus.partitionCount(TOPICS.metrics));

  /** The partition's durable state as a takeover would load it: series key → record. */
  async function durableSeries() {
    const { log, checkpoints } = await new PartitionStateRepository(detector.vigil.runtime.state).load(await partition());
    const book = new DetectorBook(makeDetectConfig(), {}, [DEFAULT_POLICY]).install(0, checkpoints, log, decodeLogEntry);
    return new Map([...book.series].map(([key, record]) => [key, { feedbackReports: record.feedbackReports, tenant: record.meta.tenant }]));
  }

  it('two tenants sending the same series with different values get their own anomalies, ids and state', async () => {
    await publishPoints(['acme', 'globex'], 0, 900);
    await waitFor(() => anomalyAt('acme', 600) && anomalyAt('globex', 800), { timeoutMillis: 30_000, what: "each tenant's spike flagged" });
    expect(flaggedPoints('acme')).toEqual([600]);
    expect(flaggedPoints('globex')).toEqual([800]);
    const [acme, globex] = [anomalyAt('acme', 600) as Anomaly, anomalyAt('globex', 800) as Anomaly];
    expect(acme.value).toBeCloseTo(value('acme', 600), 6);
    expect(globex.value).toBeCloseTo(value('globex', 800), 6);
    expect(globex.expected).toBeGreaterThan(140); // learnt from globex's values only, not a blend with acme's
    expect(acme.expected).toBeLessThan(110);

    const stored = async () => (await detector.vigil.runtime.store.query<{ tenant: string; id: string }>('SELECT tenant, id FROM anomalies FINAL ORDER BY tenant')).rows;
    await waitFor(async () => (await stored()).length >= 2, { timeoutMillis: 10_000, what: 'anomalies stored' });
    expect(await stored()).toEqual([
      { tenant: 'acme', id: acme.id },
      { tenant: 'globex', id: globex.id },
    ]);
    const series = await durableSeries();
    expect([...series.keys()].filter((k) => k.endsWith(FINGERPRINT)).sort()).toEqual([seriesKey('acme', FINGERPRINT), seriesKey('globex', FINGERPRINT)]);
  }, 60_000);

  it("feedback from one tenant never changes another's detector; a report for a series not sent yet waits for it", async () => {
    const acmeAnomaly = anomalyAt('acme', 600) as Anomaly;
    const globexAnomaly = anomalyAt('globex', 800) as Anomaly;
    for (let n = 1; n <= 4; n++) await falsePositive('acme', `acme-fp-${n}`, FeedbackTarget.ANOMALY, acmeAnomaly.id);
    // acme naming globex's anomaly: not acme's, so ignored (globex's series must stay untouched).
    await falsePositive('acme', 'acme-on-globex', FeedbackTarget.ANOMALY, globexAnomaly.id);
    // initech reports its copy of the series before sending a single point of it.
    await falsePositive('initech', 'initech-fp-1', FeedbackTarget.SERIES, FINGERPRINT);
    await waitFor(
      async () => (await detector.vigil.runtime.store.query<{ n: string }>("SELECT count() AS n FROM feedback FINAL WHERE kind = 'false_positive'")).rows[0].n === '6',
      { timeoutMillis: 10_000, what: 'feedback taken' },
    );

    await publishPoints(['acme', 'globex'], 900, 1300);
    await waitFor(() => anomalyAt('acme', 1200) && anomalyAt('globex', 1200), { timeoutMillis: 30_000, what: 'the shared spike scored for both' });
    const reported = anomalyAt('acme', 1200) as Anomaly;
    const untouched = anomalyAt('globex', 1200) as Anomaly;
    expect(reported.severity).toBe(Severity.LOW);
    expect(untouched.severity).toBeGreaterThanOrEqual(Severity.MEDIUM);
    expect(reported.id).not.toBe(untouched.id);

    let series = await durableSeries();
    expect(series.get(seriesKey('acme', FINGERPRINT))?.feedbackReports).toBe(4);
    expect(series.get(seriesKey('globex', FINGERPRINT))?.feedbackReports).toBe(0);
    expect(series.has(seriesKey('initech', FINGERPRINT))).toBe(false);

    await publishPoints(['initech'], 0, 100);
    await waitFor(async () => (await durableSeries()).has(seriesKey('initech', FINGERPRINT)), { timeoutMillis: 10_000, what: "initech's series scored" });
    series = await durableSeries();
    expect(series.get(seriesKey('initech', FINGERPRINT))).toEqual({ feedbackReports: 1, tenant: 'initech' });
    expect(series.get(seriesKey('globex', FINGERPRINT))?.feedbackReports).toBe(0);
    const inbox = await new PartitionStateRepository(detector.vigil.runtime.state).inbox(await partition());
    expect(inbox).toEqual([]); // applied and taken out
  }, 60_000);
});
