/**
 * npm run bench:slo — libs/slo against Prometheus, rule for rule, and how fast it evaluates.
 *
 * For each scenario (steady, fast burn, slow burn, burst + recovery, low traffic, counter reset,
 * data gap, histogram latency, OpenSLO Timeslices, an AlertPolicy with for:) the same series go
 * through libs/slo and through `promtool test rules` on the rules Vigil exports; the alert
 * timelines must match within one evaluation interval.
 * Then 10 000 workbook SLOs are evaluated tick by tick on one core.
 *
 *   npm run bench:slo                      human-readable
 *   npm run bench:slo -- --json            {scenarios, agree, max_skew_s, evals_per_s, ...}
 *   npm run bench:slo -- --scenario fast-burn data-gap --slos 1000
 */
import { execFileSync } from 'node:child_process';
import { Command } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import { compareEpisodes } from '../../libs/slo/test/oracle/episodes';
import type { AlertEpisode } from '../../libs/slo/test/oracle/episodes';
import { runPromtool } from '../../libs/slo/test/oracle/run-promtool';
import { runVigil } from '../../libs/slo/test/oracle/run-vigil';
import { scenarios } from '../../libs/slo/test/oracle/scenarios';
import { measureThroughput } from '../../libs/slo/test/oracle/throughput';

interface Options {
  json?: boolean;
  scenario?: string[];
  slos: string;
  ticks: string;
  promtool?: string;
}

function findPromtool(explicit: string | undefined): string | undefined {
  if (explicit) return explicit;
  try {
    return execFileSync('sh', ['-c', 'command -v promtool'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const minutes = (episodes: readonly AlertEpisode[]): string =>
  episodes
    .map(
      (e) =>
        `${e.alert} ${e.firedAtMillis / 60_000}→${e.resolvedAtMillis === undefined ? '…' : e.resolvedAtMillis / 60_000}`,
    )
    .join(', ') || '(none)';

async function main(): Promise<void> {
  const program = new Command()
    .name('bench:slo')
    .description(
      'Compare libs/slo burn-rate alerts with promtool on the exported rules, and time 10k-SLO evaluation ticks.',
    )
    .option(
      '--json',
      'print one JSON object on stdout: {scenarios, agree, max_skew_s, evals_per_s, throughput}',
    )
    .option(
      '--scenario <names...>',
      `only these scenarios (${scenarios()
        .map((s) => s.name)
        .join(', ')})`,
    )
    .option('--slos <count>', 'SLOs in the throughput run (0 skips it)', '10000')
    .option('--ticks <count>', 'evaluation ticks timed in the throughput run', '5')
    .option(
      '--promtool <path>',
      'promtool binary (default: promtool on PATH, from Debian package prometheus)',
    )
    .parse();
  const options = program.opts<Options>();
  const promtool = findPromtool(options.promtool);
  if (!promtool) {
    process.stderr.write(
      'promtool not found: install Debian package `prometheus` (apt-get install -y prometheus) or pass --promtool\n',
    );
    process.exitCode = 2;
    return;
  }
  const selected = scenarios().filter(
    (scenario) => !options.scenario || options.scenario.includes(scenario.name),
  );
  const showProgress = !options.json && process.stderr.isTTY;
  const log = (line: string): void => {
    if (!options.json) process.stdout.write(`${line}\n`);
  };

  const rows = [];
  for (const scenario of selected) {
    const vigil = runVigil(scenario);
    const prometheus = await runPromtool(scenario, vigil.definitions, promtool);
    const comparison = compareEpisodes(vigil.episodes, prometheus.episodes, scenario.stepMillis);
    const uniqueIds = new Set(vigil.transitionIds).size === vigil.transitionIds.length;
    rows.push({
      name: scenario.name,
      description: scenario.description,
      agree: comparison.agree && uniqueIds,
      max_skew_s: comparison.maxSkewSeconds,
      eval_interval_s: scenario.stepMillis / 1000,
      differences: uniqueIds
        ? comparison.differences
        : [...comparison.differences, 'duplicate transition ids'],
      vigil: vigil.episodes,
      prometheus: prometheus.episodes,
      promtool_seconds: Number(prometheus.seconds.toFixed(2)),
    });
    log(
      `${comparison.agree ? 'agree   ' : 'DISAGREE'} ${scenario.name.padEnd(15)} skew ${comparison.maxSkewSeconds}s  (${scenario.description})`,
    );
    log(`         vigil      ${minutes(vigil.episodes)}   [minutes]`);
    log(`         prometheus ${minutes(prometheus.episodes)}`);
    for (const difference of comparison.differences) log(`         ! ${difference}`);
  }

  const sloCount = Number(options.slos);
  const ticks = Number(options.ticks);
  let throughput;
  if (sloCount > 0) {
    const bar = showProgress
      ? new SingleBar({ format: 'throughput [{bar}] {value}/{total} steps' }, Presets.shades_classic)
      : undefined;
    let started = false;
    throughput = measureThroughput(sloCount, ticks, (done, total) => {
      if (!bar) return;
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    });
    bar?.stop();
    log(
      `throughput: ${sloCount} SLOs × ${'4 alerts (8 windows) + budget'}: ${throughput.cpuMillisPerTick.toFixed(1)} ms CPU per tick ` +
        `(${throughput.millisPerTick.toFixed(1)} ms wall on a shared machine), ${Math.round(throughput.evalsPerSecond)} SLO evals/s, ` +
        `ingest ${Math.round(throughput.samplesPerSecond)} samples/s, ${(throughput.bytesPerSlo / 1024).toFixed(1)} KiB per SLO`,
    );
  }
  const agree = rows.every((row) => row.agree);
  const maxSkew = Math.max(0, ...rows.map((row) => row.max_skew_s));
  log(`${agree ? 'every scenario agrees' : 'SOME SCENARIOS DISAGREE'}; max skew ${maxSkew}s`);
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({
        scenarios: rows,
        agree,
        max_skew_s: maxSkew,
        evals_per_s: throughput ? Math.round(throughput.evalsPerSecond) : null,
        throughput: throughput ?? null,
      })}\n`,
    );
  }
  if (!agree) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
