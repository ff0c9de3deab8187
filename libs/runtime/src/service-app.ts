import { type DynamicModule, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { BusTransport } from '@vigil/bus';
import { OpsController } from '@vigil/observability';
import { NestPinoLogger } from './nest-logger';
import type { Runtime } from './runtime';
import { RuntimeModule } from './runtime.module';
import type { ServiceDefinition } from './service-definition';

/** Where a service's HTTP app listens, or undefined when it only initialises (no port). */
export interface ListenAddress {
  host: string;
  port: number;
}

/** A unique root module per service: the runtime, the service's own module, and /health + /metrics. */
function rootModule(definition: ServiceDefinition, runtime: Runtime): DynamicModule {
  class ServiceRootModule {}
  Object.defineProperty(ServiceRootModule, 'name', { value: `${definition.module.name}Root` });
  Module({})(ServiceRootModule);
  return {
    module: ServiceRootModule,
    imports: [RuntimeModule.forService(runtime, definition.name), definition.module],
    controllers: [OpsController],
  };
}

/**
 * Creates one service's Nest application on Fastify. Its bus consumers start inside its module
 * (lifecycle hooks), so they stop with the app. Listens only when given an address.
 */
export async function createServiceApp(
  definition: ServiceDefinition,
  runtime: Runtime,
  listen: ListenAddress | undefined,
): Promise<INestApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: definition.bodyLimitBytes ?? 16 * 1024 * 1024, logger: false });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule(definition, runtime), adapter, {
    logger: new NestPinoLogger(runtime.logger.child({ service: definition.name })),
    abortOnError: false,
  });
  if (definition.consumerGroup) {
    const log = runtime.logger.child({ service: definition.name, component: 'bus' });
    app.connectMicroservice(
      {
        strategy: new BusTransport({
          bus: runtime.bus,
          groupId: typeof definition.consumerGroup === 'function' ? definition.consumerGroup(runtime.config) : definition.consumerGroup,
          startFrom: definition.startFrom,
          onError: (error, info) => log.error({ err: error, ...info }, 'bus handler failed'),
        }),
      },
      { inheritAppConfig: true },
    );
  }
  // Lifecycle hooks first (a service loads its config and state in onApplicationBootstrap),
  // then the bus consumers, then the HTTP port.
  await app.init();
  if (definition.consumerGroup) await app.startAllMicroservices();
  if (listen) await app.listen(listen.port, listen.host);
  return app;
}
