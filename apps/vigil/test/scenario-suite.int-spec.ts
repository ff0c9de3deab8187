import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..', '..');

interface SuiteJson {
  scenarios: { scenario: string; detected: boolean; timeToDetectMillis: number | null; incidentsOpened: number; truth: { rootCause: { service: string } } }[];
  totals: { recall: number; simulatedMillis: number; falseIncidentsPerSimulatedDay: number };
  fleet: { spans: number; points: number; logs: number; failedExports: number };
  pipeline: { anomalies: number; alertsFiring: number };
}

// The scenario suite's CI configuration (`npm run bench:scenarios -- --quick --json`): the
// simulated fleet's OpenTelemetry through all seven services, embedded, on a sped-up clock. It
// runs in its own process because the OTLP exporters load their HTTP transport with a dynamic
// import(), which jest's module sandbox does not allow.
describe('scenario suite (quick)', () => {
  it('drives injected incidents through the whole pipeline and pages on the error cascade', async () => {
    const { stdout } = await run(process.execPath, ['-r', 'reflect-metadata', '-r', '@swc-node/register', 'tools/bench/scenarios.ts', '--quick', '--json'], {
      cwd: ROOT,
      maxBuffer: 16 * 1024 * 1024,
      timeout: 170_000,
    });
    const result = JSON.parse(stdout) as SuiteJson;
    expect(result.scenarios.map((s) => s.scenario)).toEqual(['error-cascade', 'latency-regression']);
    // The fleet's telemetry reached ingest over OTLP/HTTP: every export was accepted.
    expect(result.fleet.spans).toBeGreaterThan(10_000);
    expect(result.fleet.points).toBeGreaterThan(10_000);
    expect(result.fleet.failedExports).toBe(0);
    expect(result.totals.simulatedMillis).toBeGreaterThan(80 * 60_000);
    // The SLO on checkout's span RED metrics (deploy/slo) pages during the payments error burst.
    const cascade = result.scenarios[0];
    expect(cascade.detected).toBe(true);
    expect(cascade.incidentsOpened).toBeGreaterThanOrEqual(1);
    expect(cascade.timeToDetectMillis).toBeLessThan(30 * 60_000);
    expect(result.totals.recall).toBeGreaterThanOrEqual(0.5);
  }, 180_000);
});
