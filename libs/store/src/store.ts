import type { StoreConnectionOptions } from './connection';
import { createClickHouseClient, createEmbeddedClient } from './connection';
import { StoreQueryError, classifyStoreError } from './errors';
import type { QueryParams } from './params';
import { bindingProblems } from './params';
import type { SettingValue } from './sql-text';
import { hasMultipleStatements } from './sql-text';
import type { Settings, Transport } from './transport';
import { EmbeddedTransport, ServerTransport } from './transport';

/** ClickHouse settings for one call, e.g. `{ readonly: 1, max_execution_time: 10 }`. */
export type StoreSettings = Readonly<Record<string, SettingValue>>;

/** Options of one `Store.query` call. */
export interface QueryOptions {
  /** Extra ClickHouse settings for this query only (e.g. `{ readonly: 1 }`). */
  readonly settings?: StoreSettings;
  /** Aborts the request (the engine may still finish the work). */
  readonly signal?: AbortSignal;
}

/** Rows and column names/types of a query, in result order. */
export interface QueryResult<Row> {
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: string }>;
  readonly rows: Row[];
}

/**
 * How an insert is delivered:
 * - `bulk` (default): a synchronous insert, for batches of thousands of rows (ingest's writer).
 *   The batch already amortises the part it creates; server-side buffering would only add
 *   latency, and a sync insert deduplicates reliably with `deduplicationToken`.
 * - `small`: `async_insert=1, wait_for_async_insert=1`, for many small inserts from many
 *   callers (anomalies, alerts, feedback). The server merges them into one part; the promise
 *   still resolves only once the rows are written and still rejects when they are not.
 * See docs/decisions/024-insert-modes.md.
 */
export type InsertMode = 'bulk' | 'small';

/** Options of one `Store.insert` call. */
export interface InsertOptions {
  /** See InsertMode. Default `bulk`. */
  readonly mode?: InsertMode;
  /**
   * Makes a retried insert idempotent: ClickHouse drops a block whose token it saw recently
   * (tables set `non_replicated_deduplication_window`). The writer derives it from
   * topic/partition/offset range. Each chunk gets `<token>:<chunk index>`, so retries must
   * send the same rows in the same order.
   */
  readonly deduplicationToken?: string;
  /** Rows per request. Default 200 000. */
  readonly chunkRows?: number;
}

/** What an insert did. */
export interface InsertResult {
  /** Rows sent (including rows ClickHouse then dropped as duplicates). */
  readonly rowsSent: number;
  /** Requests made (one per chunk). */
  readonly requests: number;
}

const DEFAULT_CHUNK_ROWS = 200_000;

// Sent with every read: UInt64/Int64 come back as strings, so fingerprints and counts above
// 2^53 stay exact (repositories turn them into bigint).
const READ_SETTINGS: StoreSettings = { output_format_json_quote_64bit_integers: 1 };

/**
 * The one door to ClickHouse, over HTTP or chDB. Values are bound as `{name:Type}` parameters,
 * never spliced; every failure is a StoreUnavailableError or a StoreQueryError; it never
 * returns `[]` for a failure.
 */
export class Store {
  private closed = false;

  private constructor(
    private readonly transport: Transport,
    /** Which transport this store uses. */
    readonly kind: StoreConnectionOptions['kind'],
  ) {}

  /** Opens a store over a server URL or an embedded chDB folder. Does not contact the engine. */
  static open(options: StoreConnectionOptions): Store {
    if (options.kind === 'embedded') {
      const { client, connection } = createEmbeddedClient(options);
      return new Store(new EmbeddedTransport(client, connection), options.kind);
    }
    return new Store(new ServerTransport(createClickHouseClient(options)), options.kind);
  }

  /** Runs a SELECT and returns its rows (JSON objects keyed by column name) and columns. */
  async query<Row = Record<string, unknown>>(sql: string, params: QueryParams = {}, options: QueryOptions = {}): Promise<QueryResult<Row>> {
    this.checkStatement(sql, params);
    try {
      const body = await this.transport.query<Row>(sql, params as Record<string, unknown>, { ...READ_SETTINGS, ...options.settings }, options.signal);
      return { columns: body.meta ?? [], rows: body.data };
    } catch (error) {
      throw classifyStoreError(error, `query ${excerpt(sql)}`);
    }
  }

  /** Runs a statement that returns no rows (DDL, INSERT … SELECT, SYSTEM …). */
  async command(sql: string, params: QueryParams = {}, settings: StoreSettings = {}): Promise<void> {
    this.checkStatement(sql, params);
    try {
      await this.transport.command(sql, params as Record<string, unknown>, settings);
    } catch (error) {
      throw classifyStoreError(error, `command ${excerpt(sql)}`);
    }
  }

  /**
   * Inserts rows (objects keyed by column name) as JSONEachRow, in chunks. Columns missing from a
   * row take their defaults. UInt64 values may be given as decimal strings or bigint-free numbers.
   */
  async insert<Row extends object>(table: string, rows: readonly Row[], options: InsertOptions = {}): Promise<InsertResult> {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) throw new StoreQueryError(`insert: invalid table name "${table}"`, undefined, {});
    const chunkRows = options.chunkRows ?? DEFAULT_CHUNK_ROWS;
    let requests = 0;
    for (let start = 0; start < rows.length; start += chunkRows) {
      const chunk = rows.slice(start, start + chunkRows);
      const token = options.deduplicationToken === undefined ? undefined : `${options.deduplicationToken}:${requests}`;
      try {
        await this.transport.insert(table, chunk, insertSettings(options.mode ?? 'bulk', token, this.kind));
      } catch (error) {
        throw classifyStoreError(error, `insert into ${table} (${chunk.length} rows)`);
      }
      requests++;
    }
    return { rowsSent: rows.length, requests };
  }

  /**
   * Inserts rows already encoded as TabSeparated text (one row per line, fields in `columns`
   * order, strings escaped with `tabSeparatedField`), in one request. For the writer's hot path:
   * no object per row, no JSON, and the engine parses TSV at ~60 % of JSONEachRow's cost
   * (docs/decisions/191). The token gets the same `:0` chunk suffix as `insert`'s first chunk.
   */
  async insertTabSeparated(table: string, columns: readonly string[], body: Buffer, options: Omit<InsertOptions, 'chunkRows'> = {}): Promise<InsertResult> {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(table)) throw new StoreQueryError(`insert: invalid table name "${table}"`, undefined, {});
    const badColumn = columns.find((column) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(column));
    if (badColumn !== undefined) throw new StoreQueryError(`insert into ${table}: invalid column name "${badColumn}"`, undefined, {});
    if (body.length === 0) return { rowsSent: 0, requests: 0 };
    const token = options.deduplicationToken === undefined ? undefined : `${options.deduplicationToken}:0`;
    try {
      await this.transport.insertTabSeparated(table, columns, body, insertSettings(options.mode ?? 'bulk', token, this.kind));
    } catch (error) {
      throw classifyStoreError(error, `insert into ${table} (${body.length} bytes of TSV)`);
    }
    let rows = 0;
    for (let i = body.indexOf(10); i !== -1; i = body.indexOf(10, i + 1)) rows++;
    return { rowsSent: rows, requests: 1 };
  }

  /** True when the engine answers; never throws. */
  async ping(): Promise<boolean> {
    if (this.closed) return false;
    try {
      return await this.transport.ping();
    } catch {
      return false;
    }
  }

  /** Closes sockets (server) or the chDB session (embedded). Later calls fail as unavailable. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.transport.close();
  }

  private checkStatement(sql: string, params: QueryParams): void {
    if (hasMultipleStatements(sql)) throw new StoreQueryError(`${excerpt(sql)}: one statement per call`, undefined, {});
    const problems = bindingProblems(sql, params);
    if (problems.length > 0) throw new StoreQueryError(`${excerpt(sql)}: ${problems.join('; ')}`, undefined, {});
  }
}

function insertSettings(mode: InsertMode, token: string | undefined, kind: StoreConnectionOptions['kind']): Settings {
  const settings: Record<string, SettingValue> = {};
  // chDB (ClickHouse 26) defaults to async_insert = 1; pin bulk inserts to synchronous. Servers
  // default to 0, and Debian's 18.16 does not know the setting, so it is not sent to them.
  if (mode === 'bulk' && kind === 'embedded') settings.async_insert = 0;
  // Without a token, no deduplication at all: tables keep a deduplication window, and ClickHouse
  // would otherwise drop a block identical to a recent one (two equal service-edge counts).
  settings.insert_deduplicate = token === undefined ? 0 : 1;
  if (token !== undefined) {
    settings.insert_deduplication_token = token;
    // Rollups are filled by materialized views: a deduplicated block must not reach them twice.
    settings.deduplicate_blocks_in_dependent_materialized_views = 1;
  }
  if (mode === 'small') {
    settings.async_insert = 1;
    settings.wait_for_async_insert = 1;
    if (token !== undefined) settings.async_insert_deduplicate = 1;
  }
  return settings;
}

function excerpt(sql: string): string {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
