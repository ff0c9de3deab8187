import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Keys whose values never reach a log line, wherever they sit in a logged object. Secrets reach
 * logs through objects logged whole (a config, a request's headers), at any depth, so redaction
 * is by key name rather than by pino's fixed paths.
 */
export const SECRET_KEYS =
  /^(key|keys|apikeys?|api_key|x-api-key|authorization|cookie|url|api_?url|slack_api_url|webhook_?url|routing_?key|service_?key|integration_?key)$|(password|passwd|secret|token)$/i;
const CENSOR = '[redacted]';
const MAX_DEPTH = 8;

function redact(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return value;
  if (value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = SECRET_KEYS.test(key) ? CENSOR : redact(child, depth + 1);
  }
  return out;
}

export interface LoggerOptions {
  level: string;
  /** Written on every line so one process's seven services can be told apart. */
  service?: string;
  /** Where lines go; defaults to stdout. Tests pass a stream to read them back. */
  destination?: pino.DestinationStream;
}

/** JSON logger, one line per event, secrets redacted. */
export function createLogger({ level, service, destination }: LoggerOptions): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: service ? { service } : {},
    formatters: { log: (object) => redact(object, 0) as Record<string, unknown> },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
