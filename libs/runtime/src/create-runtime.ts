import { join, resolve } from 'node:path';
import { type Bus, KafkaBus, MemoryBus } from '@vigil/bus';
import { ALL_TOPICS } from '@vigil/contracts';
import type { VigilConfig } from '@vigil/config';
import { createMetricsRegistry, HealthRegistry, type Logger, startTracing } from '@vigil/observability';
import { MemoryState, RedisState, type StateStore } from '@vigil/state';
import { migrate, Store } from '@vigil/store';
import { type Clock, systemClock } from './clock';
import type { Runtime } from './runtime';

export interface CreateRuntimeOptions {
  config: Readonly<VigilConfig>;
  logger: Logger;
  /** `vigil` in embedded mode, the service name when a process runs one service. */
  processName: string;
  clock?: Clock;
}

/** The store for config: chDB in `<dataDir>/clickhouse`, or a ClickHouse server. Not yet migrated. */
export function openStore(config: Readonly<VigilConfig>): Store {
  const store = config.store;
  if (store.kind === 'chdb') {
    return Store.open({ kind: 'embedded', path: resolve(store.path ?? join(config.dataDir, 'clickhouse')) });
  }
  return Store.open({ kind: 'server', url: store.url, username: store.username, password: store.password, database: store.database });
}

function openBus(config: Readonly<VigilConfig>, logger: Logger): Bus {
  const bus = config.bus;
  // Embedded: the in-process bus journals to <dataDir>/bus, so what ingest acknowledged survives a crash.
  if (bus.kind === 'memory') return MemoryBus.openDurable(resolve(join(config.dataDir, 'bus')), { defaultPartitions: bus.partitions });
  const log = logger.child({ component: 'kafka' });
  return new KafkaBus({
    brokers: bus.brokers,
    clientId: bus.clientId,
    defaultPartitions: bus.partitions,
    consumer: bus.consumer,
    log: ({ level, namespace, message }) => log[level]({ namespace }, message),
  });
}

async function openState(config: Readonly<VigilConfig>): Promise<StateStore> {
  const state = config.state;
  if (state.kind === 'memory') {
    return MemoryState.open({ dataDir: resolve(join(config.dataDir, 'state')), snapshotIntervalMillis: state.snapshotIntervalMillis });
  }
  return new RedisState({ url: state.url, namespace: state.keyPrefix });
}

/**
 * Builds the adapters the config asks for, migrates the store, and registers each adapter's
 * readiness in /health. On failure it closes what it opened and rethrows with the cause.
 */
export async function createRuntime({ config, logger, processName, clock = systemClock }: CreateRuntimeOptions): Promise<Runtime> {
  const tracing = startTracing({ serviceName: processName, otlpEndpoint: config.tracing.otlpEndpoint, sampleRatio: config.tracing.sampleRatio });
  const metrics = createMetricsRegistry({ process: processName });
  const health = new HealthRegistry(clock.now(), () => clock.now());
  const store = openStore(config);
  let state: StateStore | undefined;
  let bus: Bus | undefined;
  try {
    const report = await migrate(store);
    if (report.applied.length > 0) logger.info({ applied: report.applied }, 'store migrated');
    state = await openState(config);
    bus = openBus(config, logger);
    // Every topic exists before any service publishes or joins a group, with the configured
    // partition count: keys map to partitions by count, so it must not depend on who came first.
    await bus.ensureTopics(ALL_TOPICS.map((topic) => ({ topic, partitions: config.bus.partitions })));
  } catch (error) {
    await Promise.allSettled([store.close(), state?.close(), bus?.close(), tracing.shutdown()]);
    throw error;
  }
  const openedState = state;
  const openedBus = bus;
  health.addDependency(`store:${config.store.kind}`, async () => {
    if (!(await store.ping())) throw new Error('store does not answer');
  });
  health.addDependency(`state:${config.state.kind}`, () => openedState.ping());
  health.addDependency(`bus:${config.bus.kind}`, async () => {
    await openedBus.ping();
  });
  let closed = false;
  return {
    config,
    logger,
    bus: openedBus,
    store,
    state: openedState,
    metrics,
    health,
    clock,
    async close() {
      if (closed) return;
      closed = true;
      await openedBus.close();
      await openedState.close();
      await store.close();
      await tracing.shutdown();
    },
  };
}
