import { type DynamicModule, Global, Module } from '@nestjs/common';
import { BusPublisher } from '@vigil/bus';
import { HEALTH, METRICS } from '@vigil/observability';
import type { Runtime } from './runtime';
import { BUS, CLOCK, CONFIG, LOGGER, RUNTIME, SERVICE_NAME, STATE, STORE } from './tokens';

/**
 * Provides the runtime to one service's Nest application through DI tokens. Global, so a
 * service's modules inject `@Inject(BUS) bus: Bus` without importing anything.
 */
@Global()
@Module({})
export class RuntimeModule {
  static forService(runtime: Runtime, serviceName: string): DynamicModule {
    const providers = [
      { provide: RUNTIME, useValue: runtime },
      { provide: SERVICE_NAME, useValue: serviceName },
      { provide: CONFIG, useValue: runtime.config },
      { provide: LOGGER, useValue: runtime.logger.child({ service: serviceName }) },
      { provide: BUS, useValue: runtime.bus },
      { provide: STORE, useValue: runtime.store },
      { provide: STATE, useValue: runtime.state },
      { provide: CLOCK, useValue: runtime.clock },
      { provide: HEALTH, useValue: runtime.health },
      { provide: METRICS, useValue: runtime.metrics },
    ];
    return {
      module: RuntimeModule,
      providers: [...providers, BusPublisher],
      exports: [...providers.map((p) => p.provide), BusPublisher],
    };
  }
}
