import { type Command, Option } from 'commander';
import { openStore } from '@vigil/runtime';
import { runReadOnlyQuery } from '@vigil/store';
import { formatTable } from './format-table';
import { configFor } from './load-config';

export function registerQuery(program: Command): void {
  program
    .command('query')
    .description('Run one read-only SQL query against the configured store (chDB in ./data, or ClickHouse)')
    .argument('<sql>', 'a SELECT/SHOW/DESCRIBE statement; writes are refused by the store (readonly=1)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText('after', `\nExample:\n  vigil query "SELECT name, count() AS series FROM metric_series GROUP BY name ORDER BY series DESC LIMIT 10"`)
    .option('-d, --data-dir <dir>', 'data folder of the embedded store (default ./data)')
    .action(async (sql: string, options: { format: 'table' | 'json'; dataDir?: string }, command: Command) => {
      const config = configFor(command, options.dataDir ? { dataDir: options.dataDir } : {});
      const store = openStore(config);
      try {
        // readonly=1: ClickHouse refuses writes and settings changes, whatever the SQL says.
        const result = await runReadOnlyQuery(store, sql);
        process.stdout.write(options.format === 'json' ? `${JSON.stringify(result.rows, null, 2)}\n` : formatTable(result.columns.map((c) => c.name), result.rows));
        if (result.truncated) process.stderr.write(`(only the first ${result.rows.length} rows are shown)\n`);
      } finally {
        await store.close();
      }
    });
}
