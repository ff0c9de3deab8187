/**
 * @vigil/store — ClickHouse for Vigil: the schema (numbered migrations in ../migrations), the one
 * Store door (bound parameters only, typed errors, chunked idempotent inserts) over a server or
 * in-process chDB, and typed repositories per data family.
 * Belongs here: SQL, row mapping between contracts and tables, retention.
 * Does not belong here: deciding what to store (services), HTTP/bus concerns, domain logic.
 */
export { Store } from './store';
export type { QueryOptions, QueryResult, InsertMode, InsertOptions, InsertResult } from './store';
export type { StoreConnectionOptions, ServerConnectionOptions, EmbeddedConnectionOptions } from './connection';
export { StoreError, StoreUnavailableError, StoreQueryError, classifyStoreError } from './errors';
export type { QueryParams, QueryParamValue } from './params';
export { migrate, MigrationChecksumError, MIGRATIONS_TABLE } from './migrate';
export type { MigrationReport } from './migrate';
export { loadMigrations, splitStatements, MIGRATIONS_DIR } from './migrations';
export type { Migration } from './migrations';
export { retentionPolicy, DEFAULT_RETENTION_DAYS } from './retention';
export type { RetentionPolicy, RetentionKind } from './retention';
export { MetricsRepository } from './repositories/metrics.repository';
export { SeriesCache } from './repositories/series-cache';
export type {
  MetricInsertReport,
  StoredSample,
  StoredSeries,
  RollupBucket,
  SampleQuery,
  RollupResolution,
} from './repositories/metrics.repository';
export { TracesRepository } from './repositories/traces.repository';
export type { StoredSpan, ServiceEdge } from './repositories/traces.repository';
export { LogsRepository } from './repositories/logs.repository';
export type { StoredLog, LogQuery } from './repositories/logs.repository';
export { EventsRepository } from './repositories/events.repository';
export type { EventWindow } from './repositories/events.repository';
export { runReadOnlyQuery } from './read-only-query';
export type { ReadOnlyQueryResult, ReadOnlyQueryOptions } from './read-only-query';
export type { StoreSettings } from './store';
