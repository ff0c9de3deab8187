import type { DynamicModule } from '@nestjs/common';
import { Module } from '@nestjs/common';
import type { Bus } from '../bus.port';
import { BUS, BusPublisher } from './bus.publisher';

/**
 * Provides the process's `Bus` (token `BUS`) and `BusPublisher` to a service's modules. The
 * caller builds the bus (MemoryBus in embedded mode, KafkaBus otherwise) and closes it.
 */
@Module({})
export class BusModule {
  static forRoot(bus: Bus): DynamicModule {
    return {
      module: BusModule,
      global: true,
      providers: [{ provide: BUS, useValue: bus }, BusPublisher],
      exports: [BUS, BusPublisher],
    };
  }
}
