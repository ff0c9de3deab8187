import { Readable } from 'node:stream';
import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import type { ChdbConnection } from 'chdb/connection';
import type { SettingValue } from './sql-text';
import { settingsClause, withoutTerminator } from './sql-text';

/** A JSON result: columns and rows. */
export interface JsonResult<Row> {
  meta?: Array<{ name: string; type: string }>;
  data: Row[];
}

export type Settings = Readonly<Record<string, SettingValue | undefined>>;

/**
 * How Store talks to the engine. Both transports use @clickhouse/client; they differ only in
 * how per-request settings travel (see EmbeddedTransport).
 */
export interface Transport {
  query<Row>(sql: string, params: Record<string, unknown>, settings: Settings, signal?: AbortSignal): Promise<JsonResult<Row>>;
  command(sql: string, params: Record<string, unknown>, settings: Settings): Promise<void>;
  insert(table: string, rows: readonly object[], settings: Settings): Promise<void>;
  /** Rows already encoded as TabSeparated text, in `columns` order (see Store.insertTabSeparated). */
  insertTabSeparated(table: string, columns: readonly string[], body: Buffer, settings: Settings): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** HTTP server: settings go with each request, as URL parameters, and affect only it. */
export class ServerTransport implements Transport {
  constructor(private readonly client: ClickHouseClient) {}

  async query<Row>(sql: string, params: Record<string, unknown>, settings: Settings, signal?: AbortSignal): Promise<JsonResult<Row>> {
    const result = await this.client.query({ query: sql, format: 'JSON', query_params: params, clickhouse_settings: settings as ClickHouseSettings, abort_signal: signal });
    return result.json<Row>();
  }

  async command(sql: string, params: Record<string, unknown>, settings: Settings): Promise<void> {
    await this.client.command({ query: sql, query_params: params, clickhouse_settings: settings as ClickHouseSettings });
  }

  async insert(table: string, rows: readonly object[], settings: Settings): Promise<void> {
    await this.client.insert({ table, values: rows as object[], format: 'JSONEachRow', clickhouse_settings: settings as ClickHouseSettings });
  }

  async insertTabSeparated(table: string, columns: readonly string[], body: Buffer, settings: Settings): Promise<void> {
    const values = Readable.from([body], { objectMode: false });
    await this.client.insert({ table, values, columns: columns as [string, ...string[]], format: 'TabSeparated', clickhouse_settings: settings as ClickHouseSettings });
  }

  async ping(): Promise<boolean> {
    return (await this.client.ping()).success;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

/**
 * chDB in-process. Its @clickhouse/client connection applies request settings as session-wide
 * `SET` statements, which persist: a deduplication token would silently drop every later insert,
 * and `readonly = 1` would lock the whole process. So settings go into the statement's own
 * `SETTINGS` clause, which lasts for that statement only, and inserts are sent as
 * `INSERT … SETTINGS … FORMAT JSONEachRow` with the rows (chDB inlines the body anyway).
 */
export class EmbeddedTransport implements Transport {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly connection: ChdbConnection,
  ) {}

  async query<Row>(sql: string, params: Record<string, unknown>, settings: Settings, signal?: AbortSignal): Promise<JsonResult<Row>> {
    const result = await this.client.query({ query: withSettings(sql, settings), format: 'JSON', query_params: params, abort_signal: signal });
    return result.json<Row>();
  }

  async command(sql: string, params: Record<string, unknown>, settings: Settings): Promise<void> {
    await this.client.command({ query: withSettings(sql, settings), query_params: params });
  }

  async insert(table: string, rows: readonly object[], settings: Settings): Promise<void> {
    if (rows.length === 0) return;
    let body = '';
    for (const row of rows) body += `${JSON.stringify(row)}\n`;
    const clause = settingsClause(settings);
    await this.client.command({ query: `INSERT INTO ${table} ${clause} FORMAT JSONEachRow\n${body}` });
  }

  /**
   * chDB's raw insert hands the Buffer to the engine without copying it into a JS string, and
   * puts the settings in the statement's own SETTINGS clause (so nothing leaks, decision 025).
   */
  async insertTabSeparated(table: string, columns: readonly string[], body: Buffer, settings: Settings): Promise<void> {
    if (body.length === 0) return;
    const defined: Record<string, string | number | boolean> = {};
    for (const [name, value] of Object.entries(settings)) if (value !== undefined) defined[name] = value;
    await this.connection.chdb.rawInsert({ table, columns, values: body, format: 'TabSeparated', settings: defined });
  }

  async ping(): Promise<boolean> {
    return (await this.client.ping()).success;
  }

  close(): Promise<void> {
    return this.client.close();
  }
}

function withSettings(sql: string, settings: Settings): string {
  const clause = settingsClause(settings);
  return clause === '' ? sql : `${withoutTerminator(sql)}\n${clause}`;
}
