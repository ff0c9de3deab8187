/**
 * Store failures, classified once so callers decide by type, never by message text:
 * - `StoreUnavailableError`: the engine cannot be reached or is overloaded (connection refused,
 *   timeout, too many parts, memory limit). Retrying later can succeed; ingest's writer pauses
 *   consuming and retries the same batch (with the same deduplication token).
 * - `StoreQueryError`: the statement itself was refused (syntax, unknown table, type mismatch,
 *   readonly violation). Retrying the same statement will fail again.
 * Metric labels use the class name (`error.name`), never the message.
 */
export abstract class StoreError extends Error {
  /** True when the same operation may succeed if retried later. */
  abstract readonly retryable: boolean;

  constructor(
    message: string,
    /** ClickHouse's numeric error code when the engine reported one (e.g. 60 UNKNOWN_TABLE). */
    readonly clickhouseCode: number | undefined,
    options: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The engine is down, unreachable or shedding load. Retryable. */
export class StoreUnavailableError extends StoreError {
  override readonly name = 'StoreUnavailableError';
  readonly retryable = true;
}

/** The engine refused the statement. Not retryable. */
export class StoreQueryError extends StoreError {
  override readonly name = 'StoreQueryError';
  readonly retryable = false;
}

// Node/undici socket errors and chDB's engine-state errors: the engine is not there.
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
  'CHDB_CONNECTION',
  'CHDB_CLOSED',
  'CHDB_TIMEOUT',
  'CHDB_INTERNAL',
]);

// ClickHouse codes that mean "not now" rather than "not this statement".
const OVERLOAD_CLICKHOUSE_CODES = new Set([
  159, // TIMEOUT_EXCEEDED
  202, // TOO_MANY_SIMULTANEOUS_QUERIES
  203, // NO_FREE_CONNECTION
  209, // SOCKET_TIMEOUT
  210, // NETWORK_ERROR
  241, // MEMORY_LIMIT_EXCEEDED
  242, // TABLE_IS_READ_ONLY (replica lost its keeper session)
  252, // TOO_MANY_PARTS
  319, // UNKNOWN_STATUS_OF_INSERT
  425, // SYSTEM_ERROR
  439, // CANNOT_SCHEDULE_TASK
  999, // KEEPER_EXCEPTION
]);

// The @clickhouse/client's own messages when a request never got an answer.
const UNREACHABLE_MESSAGE = /\b(ECONNREFUSED|ECONNRESET|socket hang up|Timeout error|request timed out|client is closed)\b/i;

// Old servers (18.x) answer "Code: 60, e.displayText() = ..."; newer ones "Code: 60. DB::Exception".
const CODE_IN_MESSAGE = /^Code: (\d+)[.,]/;

function clickhouseCodeOf(error: Record<string, unknown>, message: string): number | undefined {
  if (typeof error.clickhouseCode === 'number') return error.clickhouseCode;
  if (typeof error.code === 'string' && /^\d+$/.test(error.code)) return Number(error.code);
  if (typeof error.code === 'number') return error.code;
  const match = CODE_IN_MESSAGE.exec(message);
  return match ? Number(match[1]) : undefined;
}

/**
 * Turns anything thrown by @clickhouse/client (over HTTP or chDB) into a StoreError, walking the
 * `cause` chain: one unreachable/overload marker anywhere makes it unavailable. `what` says which
 * operation failed (e.g. "insert into metric_samples").
 */
export function classifyStoreError(error: unknown, what: string): StoreError {
  if (error instanceof StoreError) return error;
  let unavailable = false;
  let clickhouseCode: number | undefined;
  const seen = new Set<unknown>();
  for (let current: unknown = error; current && typeof current === 'object' && !seen.has(current); ) {
    seen.add(current);
    const fields = current as Record<string, unknown>;
    const message = typeof fields.message === 'string' ? fields.message : '';
    const code = clickhouseCodeOf(fields, message);
    clickhouseCode ??= code;
    if (code !== undefined && OVERLOAD_CLICKHOUSE_CODES.has(code)) unavailable = true;
    if (typeof fields.code === 'string' && UNREACHABLE_CODES.has(fields.code)) unavailable = true;
    if (code === undefined && UNREACHABLE_MESSAGE.test(message)) unavailable = true;
    current = fields.cause;
  }
  const detail = error instanceof Error ? error.message : String(error);
  const message = `${what}: ${detail.split('\n')[0]}`;
  return unavailable
    ? new StoreUnavailableError(message, clickhouseCode, { cause: error })
    : new StoreQueryError(message, clickhouseCode, { cause: error });
}
