/**
 * The oracle: the same scenario through `promtool test rules` on the rules Vigil exports. The
 * test file asks, at every evaluation time, for "no alerts"; promtool then prints, for each time
 * something fires, the alerts it got. That listing is Prometheus's own timeline, read without
 * depending on how it formats annotation values.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { formatSelector } from '@vigil/prom-syntax';
import { formatDuration, parseDuration, prometheusRules, SLO_ALERT_NAME } from '../../src';
import type { SloDefinition } from '../../src';
import { alertKey, episodesFromStates } from './episodes';
import type { AlertEpisode } from './episodes';
import type { Scenario } from './scenarios';

const run = promisify(execFile);

export interface PromtoolRun {
  readonly episodes: AlertEpisode[];
  readonly seconds: number;
}

function seriesText(series: Scenario['series'][number]): string {
  return formatSelector({
    metric: series.metric,
    matchers: Object.entries(series.labels).map(([label, value]) => ({ label, op: '=', value })),
  });
}

function durationMillis(text: string): number {
  if (text === '0s') return 0;
  const parsed = parseDuration(text);
  if (parsed?.kind !== 'fixed')
    throw new Error(`promtool printed an unexpected duration ${JSON.stringify(text)}`);
  return parsed.millis;
}

/** Parses promtool's FAILED listing into alert keys firing at each evaluation time. */
export function parsePromtoolFailures(output: string): Map<number, Set<string>> {
  const firing = new Map<number, Set<string>>();
  const blocks = output.split(/\n\s*alertname: /).slice(1);
  for (const block of blocks) {
    const time = /^\S+, time: (\S+?),/.exec(block);
    if (!time) continue;
    const got = block.slice(block.indexOf('got:'));
    const keys = new Set<string>();
    for (const match of got.matchAll(/Labels:\{([^}]*)\}/g)) {
      const labels: Record<string, string> = {};
      for (const pair of match[1].matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[pair[1]] = pair[2];
      keys.add(alertKey(labels));
    }
    firing.set(durationMillis(time[1]), keys);
  }
  return firing;
}

export async function runPromtool(
  scenario: Scenario,
  definitions: readonly SloDefinition[],
  promtoolPath: string,
): Promise<PromtoolRun> {
  const directory = await mkdtemp(join(tmpdir(), `vigil-slo-${scenario.name}-`));
  try {
    await writeFile(
      join(directory, 'rules.yaml'),
      prometheusRules(definitions, { evaluationIntervalMillis: scenario.stepMillis }),
    );
    const interval = formatDuration(scenario.stepMillis);
    const evalTimes = Array.from({ length: scenario.steps }, (_, step) => step * scenario.stepMillis);
    const test = {
      rule_files: ['rules.yaml'],
      evaluation_interval: interval,
      tests: [
        {
          interval,
          input_series: scenario.series.map((series) => ({
            series: seriesText(series),
            values: series.values.map((value) => (value === undefined ? '_' : String(value))).join(' '),
          })),
          alert_rule_test: evalTimes.map((millis) => ({
            eval_time: millis === 0 ? '0s' : formatDuration(millis),
            alertname: SLO_ALERT_NAME,
          })),
        },
      ],
    };
    await writeFile(join(directory, 'test.yaml'), stringify(test, { lineWidth: 0 }));
    const started = process.hrtime.bigint();
    let output: string;
    try {
      const result = await run(promtoolPath, ['test', 'rules', 'test.yaml'], {
        cwd: directory,
        maxBuffer: 512 * 1024 * 1024,
      });
      output = `${result.stdout}\n${result.stderr}`;
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string; code?: number };
      output = `${failed.stdout ?? ''}\n${failed.stderr ?? ''}`;
      if (!output.includes('FAILED'))
        throw new Error(`promtool failed on ${scenario.name}: ${output.slice(0, 2000)}`, { cause: error });
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const failures = parsePromtoolFailures(output);
    const states = evalTimes.map((atMillis) => ({
      atMillis,
      firing: failures.get(atMillis) ?? new Set<string>(),
    }));
    return { episodes: episodesFromStates(states), seconds };
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
