import { DIFFERENTIAL_SCENARIOS } from './differential-scenarios';
import { randomScenario } from './random-scenarios';
import golden from './alertmanager-0.25-golden.json';
import { formatTuple } from './scenario';
import { simulateScenario } from './simulate';

// The golden file holds what Debian's real Alertmanager 0.25 sent for each scenario, recorded
// by `npm run bench:alertmanager` machinery; the pure engine must reproduce it exactly.
describe('notifications identical to the real Alertmanager 0.25 (recorded)', () => {
  const recorded = golden as Record<string, string[]>;
  const scenarios = [...DIFFERENTIAL_SCENARIOS, ...[1, 2, 3, 4, 5].map(randomScenario)];
  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_name, scenario) => {
    const tuples = await simulateScenario(scenario);
    expect(tuples.map(formatTuple)).toEqual(recorded[scenario.name]);
  });
});
