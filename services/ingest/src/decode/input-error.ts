/**
 * A request ingest refuses as a whole. `status` is the HTTP answer and `code` a stable,
 * machine-readable reason (a metric label); `message` says what is wrong in words a sender
 * can act on. Decoders throw it; the HTTP layer maps it; nothing else catches it.
 */
export type InputErrorCode =
  | 'unsupported_media_type'
  | 'malformed_protobuf'
  | 'malformed_json'
  | 'malformed_snappy'
  | 'malformed_gzip'
  | 'invalid_payload'
  | 'unknown_field'
  | 'all_rejected'
  | 'body_too_large'
  | 'missing_api_key'
  | 'invalid_api_key'
  | 'forbidden'
  | 'rate_limited'
  | 'series_limit_exceeded'
  | 'overloaded'
  | 'unavailable';

export class InputError extends Error {
  override readonly name = 'InputError';

  constructor(
    readonly status: number,
    readonly code: InputErrorCode,
    message: string,
    /** Seconds the sender should wait before retrying (429/503 only). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
