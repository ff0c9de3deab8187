import { SERVICE_NAMES, type ServiceName, type VigilConfig } from '@vigil/config';
import { INCIDENTS, incidentByName } from '@vigil/fleet';
import type { RunningVigil } from '@vigil/runtime';
import { demoOverrides, isFirstRun, newDemoApiKey } from './demo-config';
import { startDemo } from './run-demo';

const MINUTE = 60_000;

/** Incidents in the order a first run shows them: the fast, loud one first. */
const FIRST_RUN_ORDER = ['error-cascade', 'latency-regression', 'traffic-spike', 'llm-cost-spike', 'flapping-check', 'memory-leak', 'disk-filling', 'slow-slo-burn'];

export interface FirstRunPlan {
  readonly apiKey: string;
  readonly overrides: Record<string, unknown>;
}

/**
 * Whether `vigil start` runs the demo: all seven services embedded, the data folder empty, and
 * neither `--no-demo` nor `demo.enabled: false`.
 */
export function planFirstRunDemo(config: Readonly<VigilConfig>, services: readonly ServiceName[], flagEnabled: boolean): FirstRunPlan | undefined {
  const embedded = config.bus.kind === 'memory' && services.length === SERVICE_NAMES.length;
  if (!flagEnabled || !config.demo.enabled || !embedded || !isFirstRun(config.dataDir)) return undefined;
  const apiKey = newDemoApiKey();
  return { apiKey, overrides: demoOverrides(config, apiKey, 1) };
}

/** Starts the fleet in real time against the running services; returns a stop that also stops Vigil. */
export async function startFirstRunDemo(vigil: RunningVigil, plan: FirstRunPlan): Promise<RunningVigil> {
  const demo = await startDemo({
    vigil,
    apiKey: plan.apiKey,
    clock: vigil.runtime.clock,
    speed: 1,
    seed: 1,
    requestsPerSecond: 6,
    scenarios: FIRST_RUN_ORDER.map(incidentByName).concat(INCIDENTS.filter((i) => !FIRST_RUN_ORDER.includes(i.name))),
    firstIncidentAfterMillis: 5_000,
    gapMillis: 30 * MINUTE,
    backfillMillis: 2 * 60 * MINUTE,
    out: process.stderr,
  });
  return {
    ...vigil,
    async stop() {
      await demo.stop();
      await vigil.stop();
    },
  };
}
