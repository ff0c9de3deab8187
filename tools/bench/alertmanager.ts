/**
 * Differential benchmark: every scenario in @vigil/correlate's DIFFERENTIAL_SCENARIOS runs through Debian's
 * real Alertmanager 0.25 and through Vigil; the notifications are compared as tick-quantised
 * tuples (receiver, group key, status, sorted fingerprint:status). By default both sides are
 * driven through the same Alertmanager API v2 over HTTP (Vigil's alert-correlator runs as a
 * child process: API → vigil.alerts.v1 → engine → webhook); `--vigil engine` compares against
 * the pure engine on a simulated clock instead.
 *
 *   npm run bench:alertmanager -- [--json] [--vigil api|engine] [--scenario <name>] [--random <n>] [--concurrency <n>]
 */
import { Command } from 'commander';
import type { NotificationTuple } from '@vigil/correlate';
import type { Scenario } from '@vigil/correlate';
import { DIFFERENTIAL_SCENARIOS, formatTuple, randomScenario, simulateScenario } from '@vigil/correlate';
import { runThroughApi } from './alertmanager/api-driver';
import { runOnRealAlertmanager } from './alertmanager/real-alertmanager';
import { launchVigil } from './alertmanager/vigil-process';

type VigilMode = 'api' | 'engine';

interface ScenarioOutcome {
  name: string;
  identical: boolean;
  alertmanager: string[];
  vigil: string[];
}

async function runScenario(scenario: Scenario, mode: VigilMode): Promise<ScenarioOutcome> {
  const name = scenario.name;
  const vigilSide = mode === 'api' ? runThroughApi(scenario, launchVigil) : simulateScenario(scenario);
  const [real, ours] = await Promise.all([runOnRealAlertmanager(scenario), vigilSide]);
  const fmt = (ts: NotificationTuple[]): string[] => ts.map(formatTuple);
  const alertmanager = fmt(real);
  const vigil = fmt(ours);
  return { name, identical: JSON.stringify(alertmanager) === JSON.stringify(vigil), alertmanager, vigil };
}

async function main(): Promise<void> {
  const program = new Command()
    .name('bench:alertmanager')
    .description('Compare the notifications of the real Alertmanager 0.25 and Vigil on scripted alert streams (needs prometheus-alertmanager on PATH).')
    .option('--json', 'print one JSON object {"scenarios","identical",...} on stdout')
    .option('--vigil <mode>', "how Vigil runs: 'api' (its alert-correlator service, through the same HTTP API v2) or 'engine' (the pure engine, simulated clock)", 'api')
    .option('--scenario <name>', `run one scenario (${DIFFERENTIAL_SCENARIOS.map((s) => s.name).join(', ')}, or random-<seed>)`)
    .option('--random <n>', 'also run n seeded random alert streams (seeds 1..n)', '5')
    .option('--concurrency <n>', 'scenarios run at once (each starts its own Alertmanager, and in api mode its own Vigil process); default 4 for engine, 2 for api')
    .parse();
  const opts = program.opts<{ json?: boolean; vigil: string; scenario?: string; concurrency?: string; random: string }>();
  if (opts.vigil !== 'api' && opts.vigil !== 'engine') throw new Error(`--vigil must be api or engine, not ${opts.vigil}`);
  const mode: VigilMode = opts.vigil;
  // Both sides run on the wall clock in api mode with 1 s ticks: on a busy 2-core machine more
  // than two pairs of servers at once delay notifications past the tick window.
  const concurrency = Number(opts.concurrency ?? (mode === 'api' ? 2 : 4));
  const all = [...DIFFERENTIAL_SCENARIOS, ...Array.from({ length: Number(opts.random) }, (_, i) => randomScenario(i + 1))];
  const named = opts.scenario?.startsWith('random-') ? [randomScenario(Number(opts.scenario.slice(7)))] : all.filter((s) => s.name === opts.scenario);
  if (opts.scenario && named.length === 0) throw new Error(`unknown scenario ${opts.scenario}`);
  const scenarios = opts.scenario ? named : all;
  const names = scenarios.map((s) => s.name);
  const outcomes: ScenarioOutcome[] = [];
  const queue = [...scenarios];
  const started = Date.now();
  await Promise.all(
    Array.from({ length: Math.max(1, concurrency) }, async () => {
      for (let s = queue.shift(); s; s = queue.shift()) outcomes.push(await runScenario(s, mode));
    }),
  );
  outcomes.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
  const identical = outcomes.filter((o) => o.identical).length;
  if (opts.json) {
    const differences = outcomes.filter((o) => !o.identical).map(({ name, alertmanager, vigil }) => ({ name, alertmanager, vigil }));
    process.stdout.write(JSON.stringify({ scenarios: outcomes.length, identical, vigil: mode, notifications: outcomes.reduce((n, o) => n + o.alertmanager.length, 0), differences, seconds: (Date.now() - started) / 1000 }) + '\n');
  } else {
    for (const o of outcomes) {
      console.log(`${o.identical ? 'IDENTICAL' : 'DIFFERENT'}  ${o.name} (${o.alertmanager.length} notifications from Alertmanager)`);
      if (!o.identical) {
        console.log('  alertmanager:');
        o.alertmanager.forEach((l) => console.log(`    ${l}`));
        console.log('  vigil:');
        o.vigil.forEach((l) => console.log(`    ${l}`));
      }
    }
    console.log(`${identical}/${outcomes.length} scenarios identical (Vigil through ${mode === 'api' ? 'its HTTP API v2' : 'the pure engine'}) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if (identical !== outcomes.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 2;
});
