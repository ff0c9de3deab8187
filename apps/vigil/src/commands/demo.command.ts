import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { SERVICE_NAMES } from '@vigil/config';
import { INCIDENTS, PacedClock, groundTruthOf, incidentByName } from '@vigil/fleet';
import { configFor } from './load-config';

const MINUTE = 60_000;

const positive = (name: string) => (raw: string) => {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError(`${name} must be a positive number`);
  return value;
};

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Run Vigil against the simulated fleet with time sped up, replaying one injected incident (or all of them)')
    .option('--speed <factor>', 'simulated seconds per real second', positive('--speed'), 60)
    .addOption(new Option('--scenario <name>', 'the incident to replay; all of them, one after another, when absent').choices(INCIDENTS.map((i) => i.name)))
    .option('--seed <n>', 'fleet seed (same seed, same fleet)', positive('--seed'), 1)
    .option('--rps <n>', 'requests per second entering the fleet at peak (each ~25 spans; simulated time waits when the machine cannot keep up)', positive('--rps'), 0.5)
    .option('--warmup <minutes>', 'simulated minutes of normal traffic before the incident', positive('--warmup'), 20)
    .option('-d, --data-dir <dir>', 'data folder (default: a fresh temporary folder, removed afterwards)')
    .addHelpText(
      'after',
      `
Scenarios:
${INCIDENTS.map((i) => `  ${i.name.padEnd(20)} ${i.title}`).join('\n')}

Examples:
  vigil demo --speed 60 --scenario error-cascade     one incident, then a verdict against its ground truth
  vigil demo --speed 120                             every incident in turn, until Ctrl-C`,
    )
    .action(async (options: { speed: number; scenario?: string; seed: number; rps: number; warmup: number; dataDir?: string }, command: Command) => {
      const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'vigil-demo-'));
      const { demoOverrides, newDemoApiKey } = await import('../demo/demo-config');
      const { startDemo } = await import('../demo/run-demo');
      const { judgeScenario } = await import('../demo/scenario-verdict');
      const { startVigil } = await import('../run/start-vigil');
      const apiKey = newDemoApiKey();
      const base = configFor(command, { dataDir });
      const config = configFor(command, { dataDir, ...demoOverrides(base, apiKey, options.speed) });
      // The whole pipeline shares the sped-up clock: windows, group waits and forecasts see simulated
      // time, which waits for the fleet when the machine cannot keep up (decision 122).
      let fleetPosition = Date.now();
      const clock = new PacedClock(fleetPosition, options.speed, () => fleetPosition, 2 * MINUTE);
      const vigil = await startVigil({ config, services: [...SERVICE_NAMES], banner: true, clock });
      const scenarios = options.scenario ? [incidentByName(options.scenario)] : INCIDENTS;
      const demo = await startDemo({
        vigil,
        apiKey,
        clock,
        speed: options.speed,
        seed: options.seed,
        requestsPerSecond: options.rps,
        scenarios,
        firstIncidentAfterMillis: options.warmup * MINUTE,
        gapMillis: 30 * MINUTE,
        backfillMillis: 2 * 60 * MINUTE,
        out: process.stderr,
        onFleetPosition: (simMillis) => (fleetPosition = simMillis),
      });
      let stopping = false;
      const stop = async (code: number) => {
        if (stopping) return;
        stopping = true;
        await demo.stop();
        await vigil.stop();
        if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
        process.exit(code);
      };
      process.once('SIGINT', () => void stop(0));
      process.once('SIGTERM', () => void stop(0));
      if (!options.scenario) return;

      const [incident] = demo.schedule;
      const graceMillis = 15 * MINUTE;
      const endMillis = incident.endMillis + graceMillis;
      process.stderr.write(`demo: ${options.scenario} runs until ${new Date(endMillis).toISOString().slice(11, 19)} simulated (about ${Math.ceil((endMillis - clock.now()) / options.speed / 1000)} s or more)\n`);
      const waitForEnd = setInterval(() => {
        if (clock.now() < endMillis) return;
        clearInterval(waitForEnd);
        const truth = groundTruthOf(incident);
        const verdict = judgeScenario(truth, { alerts: [...demo.observer.alerts.values()], incidents: [...demo.observer.incidents.values()], notifications: [] }, graceMillis);
        process.stderr.write(
          `\ndemo verdict for ${truth.name}: detected ${verdict.detected ? 'yes' : 'no'}` +
            `${verdict.timeToDetectMillis === null ? '' : ` after ${(verdict.timeToDetectMillis / 60_000).toFixed(1)} simulated min`}, ` +
            `${verdict.alerts} alerts, ${verdict.incidentsOpened} incidents; root cause truth ${truth.rootCause.service}, Vigil's top cause ${verdict.topCause ?? '—'}\n`,
        );
        void stop(verdict.detected ? 0 : 1);
      }, 1_000);
    });
}
