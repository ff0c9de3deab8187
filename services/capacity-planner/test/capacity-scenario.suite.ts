import { AlertStatus, CapacityAction } from '@vigil/contracts';
import { ManualClock, type RunningVigil, type Runtime } from '@vigil/runtime';
import { waitFor } from '@vigil/testing';
import {
  CRITICAL_TRUTH_MILLIS,
  DAY,
  GROWING,
  HOUR,
  OTHER_DISKS,
  Published,
  T_END,
  T_START,
  label,
  seedHours,
  runCycleAt,
  usageFingerprintHex,
} from './capacity-scenario';

const MINUTE = 60_000;
const ALL_DISKS = [GROWING, ...OTHER_DISKS];
const settle = () => new Promise((resolve) => setTimeout(resolve, 700));

export interface ScenarioHost {
  readonly tenant: string;
  start(clock: ManualClock): Promise<RunningVigil>;
  stop(): Promise<void>;
  /** Starts a second consumer-group member of capacity-planner; returns how to stop it. */
  addReplica(running: RunningVigil): Promise<() => Promise<void>>;
}

async function ownedByReplica(runtime: Runtime): Promise<number[]> {
  const metric = runtime.metrics.getSingleMetric('vigil_capacity_series_owned');
  if (!metric) return [];
  return (await metric.get()).values.map((v) => v.value);
}

/**
 * The behaviour both integration suites check (issue 7, "Tests that must exist"): the breach
 * time and action for a disk growing 1 % a day, no repeated alert without new data or after a
 * restart, two replicas forecasting each series once per cycle, and accuracy once actuals arrive.
 */
export function capacityScenario(host: ScenarioHost): void {
  const clock = new ManualClock(T_START);
  const growingHex = usageFingerprintHex(GROWING);
  let vigil: RunningVigil;
  let published: Published;
  let collectors = 0;

  const collect = async () => {
    published = new Published(host.tenant);
    await published.start(vigil.runtime, `test-capacity-${host.tenant}-${process.pid}-${++collectors}`);
  };

  beforeAll(async () => {
    vigil = await host.start(clock);
    await collect();
  }, 90_000);

  afterAll(async () => {
    await published?.stop();
  });

  it('forecasts the critical breach of a disk growing 1 %/day within 6 h of the truth and alerts plan_scale_up', async () => {
    await seedHours(vigil.runtime, host.tenant, ALL_DISKS, T_START, T_END);
    await runCycleAt(vigil.runtime, clock, host.tenant, ALL_DISKS, T_END + MINUTE);
    const monthly = await waitFor(() => published.forecasts.find((f) => f.seriesFingerprint === BigInt(`0x${growingHex}`) && f.stepMillis === DAY), {
      timeoutMillis: 10_000,
      what: 'the 30-day forecast of /data',
    });
    expect(monthly.points).toHaveLength(30);
    expect(monthly.breachAtUnixMs).toBeDefined();
    expect(Math.abs((monthly.breachAtUnixMs ?? 0) - CRITICAL_TRUTH_MILLIS)).toBeLessThanOrEqual(6 * HOUR);
    expect(monthly.action).toBe(CapacityAction.PLAN_SCALE_UP);
    // Every forecast carries the back-test error of the model that made it (the hourly one has a full back-test).
    const hourly = published.forecasts.find((f) => f.seriesFingerprint === BigInt(`0x${growingHex}`) && f.stepMillis === HOUR);
    expect(Number.isFinite(hourly?.mase)).toBe(true);
    expect(monthly.explanation).toMatch(/Model .+/);

    const alert = await waitFor(() => published.alerts.find((a) => label(a.labels, 'mountpoint') === '/data'), { timeoutMillis: 10_000, what: 'the /data alert' });
    expect(alert.status).toBe(AlertStatus.FIRING);
    expect(label(alert.labels, 'action')).toBe('plan_scale_up');
    expect(label(alert.labels, 'alertname')).toBe('CapacityForecast');
    expect(label(alert.annotations, 'vigil_alert_id')).toBe(`${alert.fingerprint}-${Math.floor((T_END + MINUTE) / 300_000) * 300_000}`);

    const stored = await vigil.runtime.store.query<{ n: string }>('SELECT count() AS n FROM forecasts FINAL WHERE tenant = {tenant:String}', { tenant: host.tenant });
    expect(Number(stored.rows[0].n)).toBe(ALL_DISKS.length * 2);
  }, 90_000);

  it('publishes no new alert and no new forecast when a cycle finds no new data', async () => {
    await settle();
    const alerts = published.alerts.length;
    const forecasts = published.forecasts.length;
    await runCycleAt(vigil.runtime, clock, host.tenant, ALL_DISKS, T_END + 6 * MINUTE);
    await settle();
    expect(published.alerts.length).toBe(alerts);
    expect(published.forecasts.length).toBe(forecasts);
  }, 60_000);

  it('does not alert again after a restart (the last action is kept in the state store)', async () => {
    await published.stop();
    await host.stop();
    vigil = await host.start(clock);
    await collect();
    const restartCycleStart = Math.floor((T_END + 11 * MINUTE) / 300_000) * 300_000;
    await runCycleAt(vigil.runtime, clock, host.tenant, ALL_DISKS, T_END + 11 * MINUTE);
    await settle();
    expect(published.alerts.filter((a) => a.updatedAtUnixMs >= restartCycleStart)).toHaveLength(0);
  }, 90_000);

  it('splits the series between two replicas and forecasts each once per cycle', async () => {
    const stopReplica = await host.addReplica(vigil);
    try {
      await waitFor(
        async () => {
          const owned = await ownedByReplica(vigil.runtime);
          return owned.filter((n) => n > 0).length === 2 && owned.reduce((a, b) => a + b, 0) === ALL_DISKS.length ? owned : undefined;
        },
        { timeoutMillis: 30_000, what: 'two replicas owning all series between them' },
      );
      for (let hour = 1; hour <= 2; hour++) {
        await seedHours(vigil.runtime, host.tenant, ALL_DISKS, T_END + (hour - 1) * HOUR, T_END + hour * HOUR);
        const mark = published.forecasts.length;
        await runCycleAt(vigil.runtime, clock, host.tenant, ALL_DISKS, T_END + hour * HOUR + MINUTE);
        await settle();
        const hourly = published.forecasts.slice(mark).filter((f) => f.stepMillis === HOUR);
        const perSeries = new Map<bigint, number>();
        for (const f of hourly) perSeries.set(f.seriesFingerprint, (perSeries.get(f.seriesFingerprint) ?? 0) + 1);
        expect(perSeries.size).toBe(ALL_DISKS.length);
        expect([...perSeries.values()].every((n) => n === 1)).toBe(true);
        expect(hourly.every((f) => f.generatedAtUnixMs === T_END + (hour - 1) * HOUR + HOUR / 2)).toBe(true);
      }
    } finally {
      await stopReplica();
    }
  }, 120_000);

  it('scores forecasts once their horizon is observed and exports the accuracy on /metrics', async () => {
    await seedHours(vigil.runtime, host.tenant, ALL_DISKS, T_END + 2 * HOUR, T_END + 50 * HOUR);
    await runCycleAt(vigil.runtime, clock, host.tenant, ALL_DISKS, T_END + 50 * HOUR + MINUTE);
    const scores = await vigil.runtime.store.query<{ smape: number; coverage_95: number; mase: number | null }>(
      `SELECT smape, coverage_95, mase FROM forecast_accuracy FINAL
        WHERE tenant = {tenant:String} AND horizon = '48h' AND fingerprint = {fp:UInt64}`,
      { tenant: host.tenant, fp: BigInt(`0x${growingHex}`) },
    );
    expect(scores.rows.length).toBeGreaterThanOrEqual(1);
    // A straight line is forecast almost exactly, and its actuals sit inside the 95 % band.
    for (const row of scores.rows) {
      expect(Number(row.smape)).toBeLessThan(1);
      expect(Number(row.coverage_95)).toBeGreaterThanOrEqual(0.9);
    }
    const exported = await vigil.runtime.metrics.metrics();
    expect(exported).toMatch(/vigil_capacity_forecast_smape_mean\{[^}]*horizon="48h"[^}]*\} [0-9.e-]+/);
    expect(exported).toMatch(/vigil_capacity_forecast_coverage95\{[^}]*series="[0-9a-f]{16}"[^}]*\} [0-9.]+/);
  }, 90_000);
}
