import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { BusConsumer } from '@vigil/bus';
import { loadConfig } from '@vigil/config';
import { AlertStatus, MetricType, TOPICS, createPayload, decodePayload, encodePayload, seriesFingerprintHex, type Alert } from '@vigil/contracts';
import { createLogger } from '@vigil/observability';
import { ManualClock, startServices, type RunningVigil } from '@vigil/runtime';
import { engineSuite, freePort, waitFor } from '@vigil/testing';
import { sloMonitorService } from '../src';

// slo-monitor in embedded mode (real MemoryBus, chDB, memory state with snapshots on disk),
// driven by a simulated clock: a 99.9 % SLO over 30 days with the workbook's alerts.
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 1);
const SLO = `apiVersion: vigil/v1
kind: SLO
metadata: { name: checkout-availability }
spec:
  service: checkout
  objective: 99.9
  window: 30d
  errors: http_requests_total{service="checkout",code=~"5.."}
  total: http_requests_total{service="checkout"}
`;

const quiet = () => createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

/**
 * The scenario, run on the embedded stack and on real Kafka + Redis. `engines` adds the bus and
 * state config; each run has its own tenant (SLO files under <slosDir>/<tenant>/), replica id
 * and groups, so runs sharing a broker do not see each other's alerts.
 */
function sloMonitorScenario(engines: () => Record<string, unknown>, settleMillis = 0) {
  const dataDir = mkdtempSync(join(tmpdir(), 'vigil-slo-'));
  const slosDir = join(dataDir, 'slo');
  const run = `${process.pid}-${Date.now().toString(36)}`;
  const tenant = `slo-${run}`;
  const clock = new ManualClock(T0);
  const alerts: Alert[] = [];
  let vigil: RunningVigil;
  let collector: BusConsumer;
  const counters = { ok: 1_000_000, err: 1_000 };

  async function start() {
    const [ops] = await Promise.all([freePort()]);
    const config = loadConfig({
      overrides: {
        dataDir,
        listen: { ops: { port: ops } },
        services: { 'slo-monitor': { slosDir, evaluationIntervalMillis: 1_000, replicaId: `test-${run}`, reloadIntervalMillis: 0 } },
        ...engines(),
      },
    });
    vigil = await startServices({ config, services: [sloMonitorService], logger: quiet(), clock });
    collector = vigil.runtime.bus.consumer({
      groupId: `test-alerts-${run}`,
      handlers: [
        {
          topic: TOPICS.alerts,
          decode: (b) => decodePayload(TOPICS.alerts, b),
          handle: async (batch) => void alerts.push(...batch.messages.map((m) => m.value as Alert).filter((a) => a.tenant === tenant)),
        },
      ],
    });
    await collector.start();
    // A new group starting at 'latest' fixes its position at its first fetch (kafkajs); anything
    // published before that is for the store backfill, which this test does not feed.
    await new Promise((resolve) => setTimeout(resolve, settleMillis));
  }

  async function stop() {
    await collector.stop();
    await vigil.stop();
  }

  /** One minute of checkout traffic ending at `atMillis`: `requests` of which `errors` failed. */
  async function minute(atMillis: number, requests: number, errors: number) {
    counters.ok += requests - errors;
    counters.err += errors;
    const series = (code: string, value: number) => {
      const labels = [
        { name: 'code', value: code },
        { name: 'service', value: 'checkout' },
      ];
      return {
        fingerprint: BigInt(`0x${seriesFingerprintHex('http_requests_total', labels)}`),
        tenant,
        name: 'http_requests_total',
        labels,
        type: MetricType.SUM,
        monotonic: true,
        sampleTimesUnixMs: [atMillis],
        sampleValues: [value],
      };
    };
    const batch = createPayload(TOPICS.metrics, { series: [series('200', counters.ok), series('500', counters.err)] });
    await vigil.runtime.bus.publish(TOPICS.metrics, [{ key: 'checkout', value: encodePayload(TOPICS.metrics, batch) }]);
  }

  /** Advances the simulated clock and waits for an evaluation tick at that time. */
  async function evaluateAt(atMillis: number) {
    clock.set(atMillis);
    await new Promise((resolve) => setTimeout(resolve, 1_300));
  }

  const pages = (status: AlertStatus) => alerts.filter((a) => a.status === status && a.labels.some((l) => l.name === 'severity' && l.value === 'page'));

  beforeAll(async () => {
    mkdirSync(join(slosDir, tenant), { recursive: true });
    writeFileSync(join(slosDir, tenant, 'checkout.yaml'), SLO);
    await start();
  }, 60_000);

  afterAll(async () => {
    await stop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  let t = T0;
  it('pages within a minute of an error burst, not during good traffic', async () => {
    for (let i = 0; i < 120; i++) await minute((t += MINUTE), 1_000, 0); // two good hours
    await evaluateAt(t);
    expect(pages(AlertStatus.FIRING)).toHaveLength(0);
    await minute((t += MINUTE), 1_000, 1_000); // 100 % errors
    await evaluateAt(t);
    await waitFor(() => pages(AlertStatus.FIRING).length > 0, { timeoutMillis: 5_000, what: 'a page' });
    // Both page conditions fire on a total outage; on Kafka they may arrive in either order.
    const label = (page: Alert, name: string) => page.labels.find((l) => l.name === name)?.value;
    const fast = pages(AlertStatus.FIRING).find((page) => label(page, 'long_window') === '1h');
    expect(fast && label(fast, 'slo')).toBe('checkout-availability');
    expect(fast && label(fast, 'short_window')).toBe('5m');
  }, 60_000);

  it('restarted mid-burst, publishes no duplicate page and keeps the budget figures', async () => {
    for (let i = 0; i < 3; i++) await minute((t += MINUTE), 1_000, 1_000);
    await evaluateAt(t);
    const firingBefore = pages(AlertStatus.FIRING).length;
    const budgetBefore = await latestBudget();
    await stop();
    await start();
    for (let i = 0; i < 2; i++) await minute((t += MINUTE), 1_000, 1_000);
    await evaluateAt(t);
    await evaluateAt(t);
    expect(firingBefore).toBeGreaterThan(0);
    expect(pages(AlertStatus.FIRING).length).toBe(firingBefore);
    const budgetAfter = await latestBudget();
    // Two more minutes of 100 % errors spent exactly 2 × 1000 of the 0.1 % budget of ~125k events:
    // the restart kept the period's figures instead of starting from a full budget.
    expect(budgetAfter).toBeLessThan(budgetBefore);
    expect(budgetBefore - budgetAfter).toBeGreaterThan(10);
    expect(budgetBefore - budgetAfter).toBeLessThan(20);
  }, 90_000);

  it('resolves after the burst ends', async () => {
    for (let i = 0; i < 70; i++) await minute((t += MINUTE), 1_000, 0);
    await evaluateAt(t);
    await waitFor(() => pages(AlertStatus.RESOLVED).length > 0, { timeoutMillis: 5_000, what: 'the page to resolve' });
  }, 60_000);

  async function latestBudget(): Promise<number> {
    const result = await vigil.runtime.store.query<{ b: number }>(
      "SELECT budget_remaining AS b FROM slo_status WHERE tenant = {tenant:String} AND slo = 'checkout-availability' ORDER BY time DESC LIMIT 1",
      { tenant },
    );
    return Number(result.rows[0].b);
  }
}

describe('slo-monitor (embedded, simulated clock)', () => {
  sloMonitorScenario(() => ({}));
});

engineSuite('slo-monitor (real Kafka and Redis, chDB store, simulated clock)', ['kafka', 'redis'], ({ kafka, redis }) => {
  sloMonitorScenario(() => ({
    bus: { kind: 'kafka', brokers: [kafka] },
    state: { kind: 'redis', url: redis, keyPrefix: `vigil-slo-test-${process.pid}:` },
  }), 3_000);
});
