import { engineSuite } from '@vigil/testing';
import { runDifferential } from '../differential';

/**
 * Prometheus 2.42 (Debian) vs Prometheus 3 semantics that Vigil follows; these corpus queries
 * are answered "unsupported" by Vigil instead of a number:
 * - holt_winters(): removed in Prometheus 3 (renamed double_exponential_smoothing, experimental);
 * - limitk(): experimental in Prometheus 3, unknown to 2.42.
 * Left-open ranges and lookback (3) vs closed (2.42) never show: samples sit 3.1 s off the
 * query grid, so no sample is ever on a window edge.
 */
const EXPECTED_UNSUPPORTED = ['holt_winters(temperature_celsius[10m], 0.5, 0.5)', 'limitk(1, temperature_celsius)'];

/**
 * On the minute-aligned range, these are answered from the 1 m rollup (decision 186) and must
 * still match Prometheus; `max_over_time(… offset 30s)` is not aligned and reads raw samples.
 */
const EXPECTED_FROM_ROLLUPS = [
  'last_over_time(queue_depth[10m])',
  'max by (site) (max_over_time(temperature_celsius[6m]))',
  'max_over_time(http_requests_total[1m])',
  'max_over_time(temperature_celsius[5m])',
  'min_over_time(temperature_celsius[4m] offset 2m)',
  'min_over_time(temperature_celsius[5m])',
  'present_over_time(batch_jobs_running[10m])',
];

engineSuite('PromQL differential: Vigil vs Debian Prometheus (remote-written series)', ['prometheus'], (engines) => {
  it('answers every corpus query like Prometheus, or says it is unsupported', async () => {
    const report = await runDifferential(engines.prometheus);
    expect(report.queries).toBeGreaterThanOrEqual(300);
    expect(report.different.map((d) => `[${d.kind}] ${d.query}: ${d.detail}`)).toEqual([]);
    expect([...new Set(report.outcomes.filter((o) => o.verdict === 'unsupported').map((o) => o.query))].sort()).toEqual([...EXPECTED_UNSUPPORTED].sort());
    expect(report.identical).toBe(report.queries - report.unsupported);
    expect(report.outcomes.filter((o) => o.rollupSelectors > 0).map((o) => o.query).sort()).toEqual(EXPECTED_FROM_ROLLUPS);
  }, 180_000);
});
