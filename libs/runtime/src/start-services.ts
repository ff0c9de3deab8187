import type { INestApplication } from '@nestjs/common';
import { SERVICE_NAMES, type ServiceName, type VigilConfig } from '@vigil/config';
import { createLogger, type Logger } from '@vigil/observability';
import type { Clock } from './clock';
import { createRuntime } from './create-runtime';
import type { Runtime } from './runtime';
import { createServiceApp, type ListenAddress } from './service-app';
import type { ServiceDefinition } from './service-definition';

export interface StartOptions {
  config: Readonly<VigilConfig>;
  /** Definitions of the services to run in this process; all seven is the embedded mode. */
  services: readonly ServiceDefinition[];
  /** Logger to use (tests pass a quiet one); default: JSON to stdout at config.logLevel. */
  logger?: Logger;
  clock?: Clock;
  /** Print the "listening" banner to stderr (the CLI does; tests don't). */
  banner?: boolean;
}

export interface RunningVigil {
  readonly runtime: Runtime;
  /** Base URL of each HTTP listener that is open, by service. */
  readonly urls: Partial<Record<ServiceName, string>>;
  /** Stops services in reverse start order, then closes the runtime (commit, snapshot). */
  stop(): Promise<void>;
}

function addressOf(config: Readonly<VigilConfig>, definition: ServiceDefinition, alone: boolean): ListenAddress | undefined {
  const listener = definition.listener;
  if (listener) return config.listen[listener];
  // A service without an API of its own gets /health and /metrics on the ops port only when it
  // is alone in its process (distributed mode); embedded, dashboard-api reports for everyone.
  return alone ? config.listen.ops : undefined;
}

/**
 * Starts the given services over one runtime built from config, in Vigil's start order. What
 * `vigil start` runs, and what service integration tests run (with the definitions they test).
 */
export async function startServices(options: StartOptions): Promise<RunningVigil> {
  const { config } = options;
  const byName = new Map(options.services.map((definition) => [definition.name, definition]));
  const ordered = SERVICE_NAMES.filter((name) => byName.has(name));
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const runtime = await createRuntime({ config, logger, clock: options.clock, processName: ordered.length === 1 ? ordered[0] : 'vigil' });
  for (const name of ordered) runtime.health.setService(name, 'starting');

  const apps: [ServiceName, INestApplication][] = [];
  const urls: Partial<Record<ServiceName, string>> = {};
  const stop = async () => {
    for (const [name, app] of apps.reverse()) {
      runtime.health.setService(name, 'stopping');
      await app.close();
      runtime.health.setService(name, 'down');
    }
    apps.length = 0;
    await runtime.close();
  };

  try {
    for (const name of ordered) {
      const definition = byName.get(name) as ServiceDefinition;
      const address = addressOf(config, definition, ordered.length === 1);
      const app = await createServiceApp(definition, runtime, address);
      apps.push([name, app]);
      if (address) urls[name] = `http://${address.host}:${address.port}`;
      runtime.health.setService(name, 'up');
      logger.info({ service: name, url: urls[name] }, 'service started');
    }
  } catch (error) {
    logger.error({ err: error }, 'start failed; stopping what started');
    await stop().catch(() => undefined);
    throw error;
  }

  if (options.banner) printBanner(config, ordered, urls);
  return { runtime, urls, stop };
}

function printBanner(config: Readonly<VigilConfig>, services: readonly ServiceName[], urls: Partial<Record<ServiceName, string>>) {
  const lines = [
    '',
    `Vigil is running — ${services.length} service${services.length === 1 ? '' : 's'}: ${services.join(', ')}`,
    `  bus: ${config.bus.kind}   store: ${config.store.kind}   state: ${config.state.kind}${config.bus.kind === 'memory' ? `   data: ${config.dataDir}` : ''}`,
  ];
  if (urls.ingest) lines.push(`  ingest (OTLP/HTTP, remote_write, points)  ${urls.ingest}`);
  if (urls['dashboard-api']) lines.push(`  dashboard-api, /health, /metrics          ${urls['dashboard-api']}`);
  if (urls['alert-correlator']) lines.push(`  Alertmanager API v2                       ${urls['alert-correlator']}`);
  for (const name of services) {
    if (!['ingest', 'dashboard-api', 'alert-correlator'].includes(name) && urls[name]) lines.push(`  ${name} /health, /metrics  ${urls[name]}`);
  }
  lines.push('  Ctrl-C stops it cleanly.', '');
  process.stderr.write(lines.join('\n') + '\n');
}
