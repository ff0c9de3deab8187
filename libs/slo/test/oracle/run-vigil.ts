/** Runs a scenario through libs/slo: sample i is ingested, then the engine evaluates at t = i × step. */
import { loadSloDefinitions, SloEngine } from '../../src';
import type { SloDefinition } from '../../src';
import { alertKey, episodesFromStates } from './episodes';
import type { AlertEpisode } from './episodes';
import type { Scenario } from './scenarios';

export interface VigilRun {
  readonly definitions: SloDefinition[];
  readonly episodes: AlertEpisode[];
  /** Transition ids seen, to check they are unique per episode. */
  readonly transitionIds: string[];
}

export function scenarioDefinitions(scenario: Scenario): SloDefinition[] {
  return loadSloDefinitions([{ file: `${scenario.name}.yaml`, text: scenario.sloYaml }], {
    resolutionMillis: scenario.stepMillis,
  });
}

export function runVigil(scenario: Scenario): VigilRun {
  const definitions = scenarioDefinitions(scenario);
  const engine = new SloEngine(definitions, { resolutionMillis: scenario.stepMillis });
  const firing = new Set<string>();
  const states: Array<{ atMillis: number; firing: ReadonlySet<string> }> = [];
  const transitionIds: string[] = [];
  for (let step = 0; step < scenario.steps; step += 1) {
    const atMillis = step * scenario.stepMillis;
    for (const series of scenario.series) {
      const value = series.values[step];
      if (value !== undefined)
        engine.ingest({ metric: series.metric, labels: series.labels, timestampMillis: atMillis, value });
    }
    for (const transition of engine.evaluate(atMillis)) {
      transitionIds.push(`${transition.state}:${transition.id}`);
      if (transition.state === 'firing') firing.add(alertKey(transition.labels));
      else firing.delete(alertKey(transition.labels));
    }
    states.push({ atMillis, firing: new Set(firing) });
  }
  return { definitions, episodes: episodesFromStates(states), transitionIds };
}
