import { type Command, Option } from 'commander';
import { forecastSelector } from '@vigil/capacity-planner';
import { openStore } from '@vigil/runtime';
import { formatForecast } from './format-forecast';
import { configFor } from './load-config';

export function registerForecast(program: Command): void {
  program
    .command('forecast')
    .description('Forecast series matching a selector from the store, with intervals, breach times and the capacity action (read-only)')
    .argument('<selector>', 'a metric selector, e.g. system.filesystem.usage{mountpoint="/data"} (OpenTelemetry dotted names allowed)')
    .addOption(new Option('--horizon <horizon>', 'forecast horizon: 48h (hourly steps) or 30d (daily steps)').choices(['48h', '30d']).default('48h'))
    .option('-t, --tenant <tenant>', 'tenant whose series to read', 'default')
    .option('-n, --max-series <count>', 'at most this many matching series', (v) => Number.parseInt(v, 10), 5)
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('-d, --data-dir <dir>', 'data folder of the embedded store (default ./data)')
    .addHelpText(
      'after',
      `
Thresholds, rules and resources come from services.capacity-planner in the config file
(services/capacity-planner/README.md); a metric of a default resource kind (e.g.
system.filesystem.usage with system.filesystem.limit) is planned even without config.

Examples:
  vigil forecast 'system.filesystem.usage{mountpoint="/data"}' --horizon 30d
  vigil forecast system.cpu.utilization --tenant acme --format json`,
    )
    .action(async (selector: string, options: { horizon: string; tenant: string; maxSeries: number; format: 'text' | 'json'; dataDir?: string }, command: Command) => {
      const config = configFor(command, options.dataDir ? { dataDir: options.dataDir } : {});
      const store = openStore(config);
      try {
        const nowMillis = Date.now(); // the CLI is the edge: wall-clock time is what the user means by "now"
        const answers = await forecastSelector(store, config.services['capacity-planner'], {
          selector,
          tenant: options.tenant,
          horizon: options.horizon,
          nowMillis,
          maxSeries: options.maxSeries,
        });
        if (options.format === 'json') {
          process.stdout.write(`${JSON.stringify(answers, null, 2)}\n`);
          return;
        }
        if (answers.length === 0) {
          process.stdout.write(`No series of tenant "${options.tenant}" match ${selector}.\n`);
          process.exitCode = 1;
          return;
        }
        process.stdout.write(answers.map((a) => formatForecast(a, nowMillis)).join('\n'));
      } finally {
        await store.close();
      }
    });
}
