import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
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
  constructor(private readonly client: ClickHouseClient) {}

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
