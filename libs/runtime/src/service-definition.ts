import type { Type } from '@nestjs/common';
import type { ServiceName, VigilConfig } from '@vigil/config';

/** Which configured HTTP listener a service's own API binds (config `listen.*`). */
export type ListenerName = 'ingest' | 'dashboardApi' | 'alertmanagerApi';

/**
 * What the runner needs to know to start a service: its Nest module and whether it serves an
 * API of its own. Everything else (consumers, schedules) lives inside the module.
 */
export interface ServiceDefinition {
  readonly name: ServiceName;
  /** The service's root Nest module. It injects the runtime through the tokens in tokens.ts. */
  readonly module: Type<unknown>;
  /** Listener of its own API; services without one serve /health and /metrics on `listen.ops` in distributed mode. */
  readonly listener?: ListenerName;
  /**
   * Consumer group of the service's `@BatchPattern` handlers; omit when it consumes nothing.
   * Replicas of a service share it, so they split the partitions.
   */
  readonly consumerGroup?: string | ((config: Readonly<VigilConfig>) => string);
  /**
   * Where a consumer group with no committed offset starts (default 'earliest'). A service that
   * refills its state from the store on start (slo-monitor) starts at 'latest' instead of
   * replaying the topic's whole history.
   */
  readonly startFrom?: 'earliest' | 'latest';
  /** Largest request body its HTTP API accepts, bytes (Fastify's bodyLimit). */
  readonly bodyLimitBytes?: number;
}
