import { Command, Option } from 'commander';
import { ENV_BINDINGS, SERVICE_NAMES } from '@vigil/config';
import { registerDemo } from './commands/demo.command';
import { registerForecast } from './commands/forecast.command';
import { registerMigrate } from './commands/migrate.command';
import { registerQuery } from './commands/query.command';
import { registerSlo } from './commands/slo.command';
import { registerStart } from './commands/start.command';

function envHelp(): string {
  const rows = Object.entries(ENV_BINDINGS).map(([name, b]) => `  ${name.padEnd(32)} ${b.help}`);
  return `\nEnvironment (override the YAML file; the YAML file overrides defaults):\n  ${'VIGIL_CONFIG'.padEnd(32)} path of a YAML config file\n${rows.join('\n')}\n`;
}

/** Builds the `vigil` command tree. Each command lives in its own file under commands/. */
export function buildCli(): Command {
  const program = new Command('vigil')
    .description('Vigil: observability and AIOps backend — ingest, anomalies, forecasts, SLOs, incidents, insights')
    .addOption(new Option('-c, --config <file>', 'YAML config file').env('VIGIL_CONFIG'))
    .showHelpAfterError('(run vigil --help for usage)')
    .addHelpText('after', envHelp() + `\nServices: ${SERVICE_NAMES.join(', ')}\n`);
  registerStart(program);
  registerDemo(program);
  registerMigrate(program);
  registerQuery(program);
  registerForecast(program);
  registerSlo(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  await buildCli().parseAsync(argv);
}
