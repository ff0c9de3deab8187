import { type Command, Option } from 'commander';
import { SERVICE_NAMES, type ServiceName } from '@vigil/config';
import { configFor } from './load-config';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Run Vigil: all seven services in one process (embedded default), or one with --service')
    .addOption(new Option('-s, --service <name...>', 'run only these services (distributed mode)').choices(SERVICE_NAMES))
    .option('-d, --data-dir <dir>', 'data folder for the embedded store and state (default ./data)')
    .option('--no-demo', 'do not start the simulated demo fleet on a first run (config: demo.enabled: false)')
    .addHelpText(
      'after',
      `
Examples:
  vigil start                                   embedded: MemoryBus + chDB + memory state in ./data
  VIGIL_BUS=kafka VIGIL_KAFKA_BROKERS=127.0.0.1:9092 VIGIL_STORE=clickhouse \\
  VIGIL_CLICKHOUSE_URL=http://127.0.0.1:8123 VIGIL_STATE=redis VIGIL_REDIS_URL=redis://127.0.0.1:6379 \\
    vigil start --service anomaly-detector     one service against Kafka, ClickHouse and Redis`,
    )
    .action(async (options: { service?: ServiceName[]; dataDir?: string; demo: boolean }, command: Command) => {
      const overrides = options.dataDir ? { dataDir: options.dataDir } : {};
      const services = options.service ?? [...SERVICE_NAMES];
      // Loaded here, not at the top: other commands should not pay for loading seven services.
      const { planFirstRunDemo, startFirstRunDemo } = await import('../demo/first-run');
      const demo = planFirstRunDemo(configFor(command, overrides), services, options.demo);
      const config = configFor(command, { ...overrides, ...demo?.overrides });
      const { startVigil } = await import('../run/start-vigil');
      const started = await startVigil({ config, services, banner: true });
      const running = demo ? await startFirstRunDemo(started, demo) : started;
      const stop = (signal: string) => {
        process.stderr.write(`\nvigil: ${signal} received, stopping (flush, commit, snapshot)…\n`);
        running.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`vigil: unclean stop: ${(error as Error).message}\n`);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
}
