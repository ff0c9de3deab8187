import type { Store } from './store';

/** What `vigil query` prints: column names and types, then rows as objects. */
export interface ReadOnlyQueryResult {
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: string }>;
  readonly rows: ReadonlyArray<Record<string, unknown>>;
  /** True when the result was cut at `maxRows`. */
  readonly truncated: boolean;
}

/** Limits of one read-only query. */
export interface ReadOnlyQueryOptions {
  /** Rows returned at most; the rest are dropped and `truncated` is set. Default 10 000. */
  readonly maxRows?: number;
  /** Engine-side time limit. Default 30 s. */
  readonly maxExecutionSeconds?: number;
  readonly signal?: AbortSignal;
}

/**
 * Runs an operator's SQL (from `vigil query`) with `readonly = 1`: ClickHouse itself refuses any
 * write, DDL or settings change, on the server and on chDB alike. Store refuses more than one
 * statement per call, so nothing runs before the guard applies. Failures surface as
 * StoreQueryError (bad SQL, a write) or StoreUnavailableError.
 */
export async function runReadOnlyQuery(store: Store, sql: string, options: ReadOnlyQueryOptions = {}): Promise<ReadOnlyQueryResult> {
  const maxRows = options.maxRows ?? 10_000;
  const result = await store.query(sql, {}, {
    signal: options.signal,
    settings: {
      max_execution_time: options.maxExecutionSeconds ?? 30,
      // One row more than asked, so "exactly maxRows" and "more" can be told apart.
      max_result_rows: maxRows + 1,
      result_overflow_mode: 'break',
      // Last: once readonly = 1 applies, no later setting may change.
      readonly: 1,
    },
  });
  const truncated = result.rows.length > maxRows;
  return { columns: result.columns, rows: truncated ? result.rows.slice(0, maxRows) : result.rows, truncated };
}
