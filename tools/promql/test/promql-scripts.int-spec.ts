import { PromqlScriptRunner, scriptFiles } from '../script-runner';

// Vigil's own PromQL test scripts (Prometheus's promqltest format) against the real
// /prometheus API of dashboard-api on an embedded store (chDB): every evaluation must pass.
describe('PromQL test scripts against /prometheus/api/v1', () => {
  const runner = new PromqlScriptRunner();
  beforeAll(() => runner.start(), 60_000);
  afterAll(() => runner.stop());

  for (const file of scriptFiles(['libs/promql/testdata'])) {
    it(`passes ${file}`, async () => {
      const outcome = await runner.runFile(file);
      expect(outcome.evaluations).toBeGreaterThan(0);
      expect(outcome.failures).toEqual([]);
    }, 60_000);
  }
});
