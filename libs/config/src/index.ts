/**
 * Configuration: one zod schema for the whole process, loaded once at boot from a YAML file,
 * environment variables and CLI overrides, frozen, with errors that name the bad key and its
 * source. Belongs here: the schema of cross-cutting settings and the loader. Does not belong
 * here: a service's own settings (the service owns that schema and calls parseSection).
 */
export { loadConfig, parseSection, ConfigError, describeIssues } from './load';
export type { LoadConfigOptions } from './load';
export { ENV_BINDINGS } from './env';
export { listFolderFiles } from './folder';
export type { EnvBinding } from './env';
export { configSchema, SERVICE_NAMES } from './schema';
export type { VigilConfig, BusConfig, StoreConfig, StateConfig, ApiKey, ServiceName } from './schema';
