import type { Command } from 'commander';
import { openStore } from '@vigil/runtime';
import { migrate } from '@vigil/store';
import { configFor } from './load-config';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description("Apply the store's numbered migrations (idempotent; `vigil start` also runs them)")
    .option('-d, --data-dir <dir>', 'data folder of the embedded store (default ./data)')
    .action(async (options: { dataDir?: string }, command: Command) => {
      const config = configFor(command, options.dataDir ? { dataDir: options.dataDir } : {});
      const store = openStore(config);
      try {
        const { applied, alreadyApplied } = await migrate(store);
        process.stdout.write(
          applied.length === 0
            ? `Store is up to date (${alreadyApplied.length} migrations applied before).\n`
            : `Applied migration(s) ${applied.join(', ')} (${alreadyApplied.length} applied before).\n`,
        );
      } finally {
        await store.close();
      }
    });
}
