/**
 * The runtime: what every service is given (bus, store, state, config, logger, metrics, health,
 * clock), built once per process from config, and the Nest glue that provides it by DI token.
 * Belongs here: choosing adapters by config and the tokens. Does not belong here: service logic.
 */
export { RuntimeModule } from './runtime.module';
export { RUNTIME, CONFIG, LOGGER, BUS, STORE, STATE, CLOCK, SERVICE_NAME } from './tokens';
export { systemClock, ManualClock } from './clock';
export type { Clock } from './clock';
export type { Runtime } from './runtime';
export type { ServiceDefinition, ListenerName } from './service-definition';
export { NestPinoLogger } from './nest-logger';
export { createRuntime, openStore } from './create-runtime';
export type { CreateRuntimeOptions } from './create-runtime';
export { startServices } from './start-services';
export type { StartOptions, RunningVigil } from './start-services';
export { createServiceApp } from './service-app';
export type { ListenAddress } from './service-app';
export { ApiKeyAuth, AuthError, credentialOf, isLoopback } from './auth/api-key-auth';
export type { Principal } from './auth/api-key-auth';
