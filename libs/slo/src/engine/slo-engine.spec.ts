import { definitionsOf, nativeSlo, TrafficDriver } from '../../test/support';
import { mergeSnapshots, SloEngine } from './slo-engine';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('SloEngine burn-rate alerts', () => {
  it('pages 52 s into a total outage on 99.9 %, when the 1 h window holds 2 % of the 30-day budget', () => {
    const driver = new TrafficDriver(definitionsOf(nativeSlo('checkout'), SECOND), SECOND);
    driver.run(HOUR / SECOND, 10, 0); // one hour of clean traffic, 10 requests a second
    const outageStart = driver.nowMillis;
    let consumedAtFire = 0;
    let consumedBefore = 0;
    for (let second = 1; second <= 120 && driver.times('page 1h/5m', 'firing').length === 0; second += 1) {
      const oneHour = driver.engine.status(driver.nowMillis)[0].windows.find((w) => w.window === '1h')!;
      consumedBefore = oneHour.badEvents / (10 * 30 * 86_400 * 0.001);
      driver.run(1, 10, 1);
      consumedAtFire =
        driver.engine.status(driver.nowMillis)[0].windows.find((w) => w.window === '1h')!.badEvents /
        (10 * 30 * 86_400 * 0.001);
    }
    // 14.4 × 0.001 × 3600 s = 51.84 s of total failure: the first whole second past it is 52.
    expect(driver.times('page 1h/5m', 'firing')).toEqual([outageStart + 52 * SECOND]);
    expect(consumedBefore).toBeLessThan(0.02);
    expect(consumedAtFire).toBeGreaterThanOrEqual(0.02);
  });

  it('fires and clears each default window pair at the minutes the window arithmetic gives', () => {
    const driver = new TrafficDriver(definitionsOf(nativeSlo('checkout')), MINUTE);
    driver.run((3 * DAY) / MINUTE, 1000, 0); // every window full of clean traffic
    const t0 = driver.nowMillis;
    driver.run(10, 1000, 1); // ten minutes of total failure
    const t1 = driver.nowMillis;
    driver.run((7 * HOUR) / MINUTE, 1000, 0);

    // Fraction of window w (minutes) ending at t that falls inside the outage (t0, t1].
    const ratio = (t: number, w: number): number =>
      Math.max(0, Math.min(t1, t) - Math.max(t0, t - w * MINUTE)) / (w * MINUTE);
    const pairs = [
      { alert: 'page 1h/5m', long: 60, short: 5, threshold: 14.4 * 0.001 },
      { alert: 'page 6h/30m', long: 360, short: 30, threshold: 6 * 0.001 },
      { alert: 'ticket 1d/2h', long: 1440, short: 120, threshold: 3 * 0.001 },
      { alert: 'ticket 3d/6h', long: 4320, short: 360, threshold: 1 * 0.001 },
    ];
    for (const { alert, long, short, threshold } of pairs) {
      const holds = (t: number): boolean => ratio(t, long) > threshold && ratio(t, short) > threshold;
      let fire = t0 + MINUTE;
      while (!holds(fire)) fire += MINUTE;
      let resolve = fire;
      while (holds(resolve)) resolve += MINUTE;
      expect({
        alert,
        fired: driver.times(alert, 'firing'),
        resolved: driver.times(alert, 'resolved'),
      }).toEqual({
        alert,
        fired: [fire],
        resolved: [resolve],
      });
    }
    // The formulas in numbers: 1 h/5 m fires after 1 min and clears 5 min after the outage ends;
    // 3 d/6 h needs 0.001 × 3 d = 4.32 min of failure, and clears 6 h after.
    expect(driver.times('page 1h/5m', 'firing')).toEqual([t0 + MINUTE]);
    expect(driver.times('page 1h/5m', 'resolved')).toEqual([t1 + 5 * MINUTE]);
    expect(driver.times('ticket 3d/6h', 'firing')).toEqual([t0 + 5 * MINUTE]);
    expect(driver.times('ticket 3d/6h', 'resolved')).toEqual([t1 + 6 * HOUR]);
  });

  it('counts across a counter reset as Prometheus increase does', () => {
    const driver = new TrafficDriver(definitionsOf(nativeSlo('checkout')), MINUTE);
    driver.run(60, 1000, 0.01);
    // The process restarts: both counters start again from zero and count 5 more minutes.
    driver.good = 0;
    driver.bad = 0;
    driver.run(5, 1000, 0.01);
    const oneHour = driver.engine.status(driver.nowMillis)[0].windows.find((w) => w.window === '1h')!;
    // 60 steps in the hour (the first sample has no predecessor): 60 000 requests, 600 failed.
    // The reset step counts the post-reset value (990 good, 10 bad), not a negative jump.
    expect(oneHour.events).toBe(60_000);
    expect(oneHour.badEvents).toBe(600);
    expect(oneHour.errorRatio).toBeCloseTo(0.01, 12);
  });

  it('reports a window without samples as no data, never as good, and resolves with reason no_data', () => {
    const driver = new TrafficDriver(definitionsOf(nativeSlo('checkout')), MINUTE);
    expect(driver.engine.status(0)[0].period.noData).toBe(true);
    expect(driver.engine.status(0)[0].period.budgetRemaining).toBeUndefined();
    expect(driver.engine.status(0)[0].period.compliance).toBeUndefined();
    driver.run(120, 1000, 0).run(5, 1000, 1);
    expect(driver.times('page 1h/5m', 'firing')).toHaveLength(1);
    driver.run(6, 1000, 1, { scrape: false }); // the scrape stops mid-outage
    const status = driver.engine.status(driver.nowMillis)[0];
    const fiveMinutes = status.windows.find((w) => w.window === '5m')!;
    expect(fiveMinutes.noData).toBe(true);
    expect(fiveMinutes.errorRatio).toBeUndefined();
    const resolved = driver.transitions.find((t) => t.state === 'resolved' && t.labels.long_window === '1h')!;
    expect(resolved.annotations.reason).toBe('no_data');
  });

  it('holds back alerts with fewer events in the long window than the low-traffic guard asks', () => {
    const guarded = new TrafficDriver(definitionsOf(nativeSlo('checkout', { minEvents: 10 })), MINUTE);
    const unguarded = new TrafficDriver(definitionsOf(nativeSlo('checkout', { minEvents: 0 })), MINUTE);
    for (const driver of [guarded, unguarded]) {
      driver.run(60, 0, 0); // silence: counters present but idle
      driver.run(1, 1, 1); // one request in the hour, and it fails
      driver.run(2, 0, 0);
    }
    expect(unguarded.times('page 1h/5m', 'firing')).toHaveLength(1);
    expect(guarded.times('page 1h/5m', 'firing')).toHaveLength(0);
    expect(guarded.engine.status(guarded.nowMillis)[0].windows.find((w) => w.window === '1h')!.events).toBe(
      1,
    );
  });

  it('gives the firing and the resolved of one episode the same deterministic id', () => {
    const run = (): string[] => {
      const driver = new TrafficDriver(definitionsOf(nativeSlo('checkout')), MINUTE);
      driver.run(120, 1000, 0).run(10, 1000, 1).run(20, 1000, 0);
      return driver.transitions.filter((t) => t.labels.long_window === '1h').map((t) => `${t.state} ${t.id}`);
    };
    const first = run();
    expect(first).toHaveLength(2);
    expect(first[0].split(' ')[1]).toBe(first[1].split(' ')[1]);
    expect(run()).toEqual(first);
  });

  it('resumes from a snapshot mid-burst without firing again and with the same budget figures', () => {
    const definitions = definitionsOf(nativeSlo('checkout'));
    const original = new TrafficDriver(definitions, MINUTE);
    original.run(120, 1000, 0).run(5, 1000, 1);
    const firedBefore = original.transitions.filter((t) => t.state === 'firing').map((t) => t.id);
    expect(firedBefore.length).toBeGreaterThan(0);

    const snapshot = JSON.parse(JSON.stringify(original.engine.snapshot()));
    const { engine, resolved } = SloEngine.restore(definitions, snapshot, original.nowMillis, {
      resolutionMillis: MINUTE,
    });
    expect(resolved).toEqual([]);
    const restarted = new TrafficDriver(definitions, MINUTE, {}, engine);
    Object.assign(restarted, { good: original.good, bad: original.bad, nowMillis: original.nowMillis });
    expect(engine.status(original.nowMillis)).toEqual(original.engine.status(original.nowMillis));

    original.run(30, 1000, 0);
    restarted.run(30, 1000, 0);
    expect(restarted.transitions.filter((t) => t.state === 'firing')).toEqual([]);
    expect(restarted.transitions).toEqual(original.transitions.slice(firedBefore.length));
    expect(restarted.transitions.every((t) => firedBefore.includes(t.id))).toBe(true);
  });

  it('resolves the alerts of an SLO removed by a reload', () => {
    const definitions = definitionsOf(nativeSlo('checkout'));
    const driver = new TrafficDriver(definitions, MINUTE);
    driver.run(120, 1000, 0).run(5, 1000, 1);
    const { resolved } = SloEngine.restore([], driver.engine.snapshot(), driver.nowMillis);
    expect(resolved.map((t) => t.id).sort()).toEqual(driver.transitions.map((t) => t.id).sort());
    expect(resolved.every((t) => t.state === 'resolved' && t.labels.slo === 'checkout')).toBe(true);
  });

  it('routes only matching series, summing every series a selector matches', () => {
    const engine = new SloEngine(definitionsOf(nativeSlo('checkout')));
    expect(engine.wantsMetric('http_requests_total')).toBe(true);
    expect(engine.wantsMetric('cpu_seconds_total')).toBe(false);
    const at = (t: number, code: string, service: string, value: number): void =>
      engine.ingest({
        metric: 'http_requests_total',
        labels: { service, code },
        timestampMillis: t * MINUTE,
        value,
      });
    at(0, '200', 'checkout', 0);
    at(0, '503', 'checkout', 0);
    at(0, '500', 'cart', 0);
    at(1, '200', 'checkout', 90);
    at(1, '503', 'checkout', 10);
    at(1, '500', 'cart', 1000);
    const fiveMinutes = engine.status(2 * MINUTE)[0].windows.find((w) => w.window === '5m')!;
    expect(fiveMinutes).toMatchObject({ events: 100, badEvents: 10, errorRatio: 0.1, noData: false });
  });
});

describe('SloEngine piecewise snapshots and calendar periods', () => {
  it('restores from per-SLO snapshot pieces as from a whole one', () => {
    const definitions = [...definitionsOf(nativeSlo('a')), ...definitionsOf(nativeSlo('b'))];
    const driver = new TrafficDriver(definitions, MINUTE);
    driver.run(120, 1000, 0).run(5, 1000, 1);
    const whole = SloEngine.restore(definitions, driver.engine.snapshot(), driver.nowMillis).engine;
    const pieces = mergeSnapshots([driver.engine.snapshot(['a']), driver.engine.snapshot(['b'])]);
    const merged = SloEngine.restore(
      definitions,
      JSON.parse(JSON.stringify(pieces)),
      driver.nowMillis,
    ).engine;
    expect(merged.status(driver.nowMillis)).toEqual(whole.status(driver.nowMillis));
    expect(merged.status(driver.nowMillis)[1].firing).toHaveLength(4);
  });

  it('accounts the budget of the current calendar month only', () => {
    const [definition] = definitionsOf(
      [
        'apiVersion: openslo/v1',
        'kind: SLO',
        'metadata: { name: monthly }',
        'spec:',
        '  service: checkout',
        '  indicator:',
        '    metadata: { name: monthly }',
        '    spec:',
        '      ratioMetric:',
        '        counter: true',
        '        bad: { metricSource: { spec: { selector: \'http_requests_total{service="checkout",code=~"5.."}\' } } }',
        '        total: { metricSource: { spec: { selector: \'http_requests_total{service="checkout"}\' } } }',
        '  timeWindow: [{ duration: 1M, calendar: { startTime: "2026-01-01 00:00:00", timeZone: UTC } }]',
        '  budgetingMethod: Occurrences',
        '  objectives: [{ target: 0.999 }]',
      ].join('\n'),
    );
    const driver = new TrafficDriver([definition], MINUTE);
    driver.nowMillis = Date.UTC(2026, 0, 31, 23, 0);
    driver.run(60, 1000, 0.01); // the last hour of January: 10× burn
    driver.run(60, 1000, 0); // the first hour of February: clean
    const { period } = driver.engine.status(driver.nowMillis)[0];
    expect(period.startMillis).toBe(Date.UTC(2026, 1, 1));
    expect(period.badEvents).toBe(0);
    expect(period.budgetRemaining).toBe(1);
  });
});
