/**
 * npm run bench:scenarios — the simulated fleet's injected incidents through the whole pipeline.
 *
 * All seven services run embedded (MemoryBus, chDB, memory state) on a sped-up clock shared with
 * the fleet (libs/fleet), which sends real OpenTelemetry over OTLP/HTTP to ingest. Incidents run
 * one after another after a warm-up; each is judged against its recorded ground truth: detected,
 * time to detect, alerts, notifications (a local Alertmanager webhook), incidents opened, whether
 * the incident's services match, whether the top-ranked cause is the true root cause. Totals:
 * recall, notifications per incident, false incidents per simulated day.
 *
 *   npm run bench:scenarios                        all incidents (~11 min real at 80x)
 *   npm run bench:scenarios -- --json              one JSON object on stdout
 *   npm run bench:scenarios -- --quick             CI: two incidents, < 2 min
 *   npm run bench:scenarios -- --scenario memory-leak disk-filling --speed 120
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { Presets, SingleBar } from 'cli-progress';
import { INCIDENTS, incidentByName } from '@vigil/fleet';
import { runScenarioSuite, type SuiteResult } from '../../apps/vigil/src/demo/scenario-suite';

const MINUTE = 60_000;
const QUICK = ['error-cascade', 'latency-regression'];

interface Options {
  json?: boolean;
  quick?: boolean;
  scenario?: string[];
  speed?: number;
  seed: number;
  rps: number;
}

const positive = (raw: string) => {
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError('expected a positive number');
  return value;
};

function table(result: SuiteResult): string {
  const rows = [['scenario', 'detected', 'ttd (sim min)', 'alerts', 'notifs', 'incidents', 'members ok', 'top cause (truth)']];
  result.verdicts.forEach((v, i) => {
    const truth = result.truths[i];
    rows.push([
      v.scenario + (v.expectedNoIncident ? ' (noise)' : ''),
      v.detected ? 'yes' : 'no',
      v.timeToDetectMillis === null ? '—' : (v.timeToDetectMillis / MINUTE).toFixed(1),
      String(v.alerts),
      String(v.notifications),
      String(v.incidentsOpened),
      v.membersMatch ? 'yes' : 'no',
      `${v.topCause ?? '—'} (${truth.rootCause.service})${v.topCauseCorrect ? ' ✓' : ''}`,
    ]);
  });
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const t = result.totals;
  return [
    ...rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ')),
    '',
    `recall ${(t.recall * 100).toFixed(0)} %   notifications per incident ${t.notificationsPerIncident?.toFixed(2) ?? '—'}   false incidents ${t.falseIncidents} (${t.falseIncidentsPerSimulatedDay.toFixed(1)} per simulated day)`,
    `simulated ${(t.simulatedMillis / 3_600_000).toFixed(1)} h in ${(t.realMillis / 1000).toFixed(0)} s real; fleet sent ${result.fleet.spans} spans, ${result.fleet.points} points, ${result.fleet.logs} logs (${result.fleet.failedExports} failed exports); fleet lag at most ${(t.maxFleetLagMillis / MINUTE).toFixed(1)} sim min`,
    `pipeline: ${result.pipeline.anomalies} anomalies, ${result.pipeline.forecasts} forecasts, ${result.pipeline.alertsFiring} alerts fired, ${result.pipeline.incidentsOpened} incidents, ${result.pipeline.insights} insights`,
  ].join('\n');
}

async function main(): Promise<void> {
  const program = new Command()
    .name('bench:scenarios')
    .description('Injected incidents from the simulated fleet through all seven services (embedded, sped-up clock), judged against ground truth.')
    .option('--json', 'print one JSON object on stdout: {scenarios:[…], totals, fleet, pipeline}')
    .option('--quick', `CI configuration: ${QUICK.join(', ')}; short gaps (< 2 min)`)
    .addOption(new Option('--scenario <names...>', 'only these incidents').choices(INCIDENTS.map((i) => i.name)))
    .option('--speed <factor>', 'simulated seconds per real second (default 80: faster and the fleet falls behind the clock on a busy 2-core machine)', positive)
    .option('--seed <n>', 'fleet seed', positive, 1)
    .option('--rps <n>', 'requests per second entering the fleet at peak', positive, 0.3)
    .parse();
  const options = program.opts<Options>();
  const names = options.scenario ?? (options.quick ? QUICK : INCIDENTS.map((i) => i.name));
  const bar = process.stderr.isTTY && !options.json ? new SingleBar({ format: 'simulating [{bar}] {percentage}% | {eta}s left' }, Presets.shades_classic) : undefined;
  bar?.start(100, 0);
  const result = await runScenarioSuite({
    scenarios: names.map(incidentByName),
    speed: options.speed ?? 80,
    seed: options.seed,
    requestsPerSecond: options.rps,
    warmupMillis: (options.quick ? 20 : 60) * MINUTE,
    gapMillis: (options.quick ? 15 : 30) * MINUTE,
    graceMillis: 10 * MINUTE,
    // A Tuesday, 09:00 UTC: traffic rising toward the afternoon peak.
    startMillis: Date.UTC(2026, 10, 24, 9),
    onProgress: (fraction) => bar?.update(Math.round(fraction * 100)),
  });
  bar?.stop();
  if (options.json) {
    process.stdout.write(
      JSON.stringify({
        scenarios: result.verdicts.map((v, i) => ({ ...v, truth: result.truths[i] })),
        totals: result.totals,
        fleet: result.fleet,
        pipeline: result.pipeline,
      }) + '\n',
    );
  } else process.stdout.write(table(result) + '\n');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:scenarios failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
