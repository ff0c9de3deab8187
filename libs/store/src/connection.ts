import type { ClickHouseClient } from '@clickhouse/client';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { ChdbConnection } from 'chdb/connection';
import { createChdbConnection } from 'chdb/connection';

type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;

/** A ClickHouse server reached over HTTP(S) (distributed mode, or Debian's server in tests). */
export interface ServerConnectionOptions {
  readonly kind: 'server';
  /** e.g. `http://127.0.0.1:8123`. */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** Database holding Vigil's tables; must exist unless `migrate()` creates it. Default `default`. */
  readonly database?: string;
  /** Per-request timeout. Default 30 000 ms. */
  readonly requestTimeoutMillis?: number;
  /** Concurrent HTTP sockets. Default 10. */
  readonly maxOpenConnections?: number;
}

/**
 * ClickHouse in this process (chDB, embedded mode). One data folder per process: chDB binds a
 * single path, so every Store of the process must use the same `path` (or close the other first).
 * Tables live in the `default` database: chDB's connection has no per-request database.
 */
export interface EmbeddedConnectionOptions {
  readonly kind: 'embedded';
  /** Data folder, created when missing (e.g. `./data/clickhouse`). */
  readonly path: string;
}

export type StoreConnectionOptions = ServerConnectionOptions | EmbeddedConnectionOptions;

// The client would log every failed request itself; Store classifies and rethrows instead, so
// the caller's logger reports it once, with context.
const log = { level: ClickHouseLogLevel.OFF };

/**
 * The @clickhouse/client over chDB, plus the chDB connection itself for what the client's
 * interface cannot do (raw Buffer inserts).
 */
export function createEmbeddedClient(options: EmbeddedConnectionOptions): { client: ClickHouseClient; connection: ChdbConnection } {
  const connection = createChdbConnection({ path: options.path });
  // `connection` is the experimental chDB hook of @clickhouse/client ≥ 1.23 (DESIGN.md). chDB
  // types it against @clickhouse/client-common 1.23.0 while the client bundles its own copy
  // of the same interface (1.23.1): identical at run time, distinct nominal types, hence the cast.
  return { client: createClient({ connection: connection as unknown as ClientConnection, log }), connection };
}

/** Builds the @clickhouse/client for either transport; the rest of the store cannot tell them apart. */
export function createClickHouseClient(options: StoreConnectionOptions): ClickHouseClient {
  if (options.kind === 'embedded') return createEmbeddedClient(options).client;
  return createClient({
    url: options.url,
    username: options.username,
    password: options.password,
    database: options.database,
    request_timeout: options.requestTimeoutMillis ?? 30_000,
    max_open_connections: options.maxOpenConnections ?? 10,
    log,
  });
}
