/**
 * How Vigil watches itself: JSON logs (pino, secrets redacted), OpenTelemetry tracing of each
 * service's own work, Prometheus metrics (prom-client) and /health. Belongs here: the
 * process-wide plumbing and the ops HTTP controller. Does not belong here: a service's own
 * metrics (each service defines its counters against the registry it is given).
 */
export { createLogger, SECRET_KEYS } from './logger';
export type { Logger, LoggerOptions } from './logger';
export { createMetricsRegistry, Registry } from './metrics';
export { HealthRegistry } from './health';
export type { HealthReport, DependencyReport, DependencyCheck, ServiceStatus } from './health';
export { startTracing } from './tracing';
export type { Tracing, TracingOptions } from './tracing';
export { OpsController, HEALTH, METRICS } from './ops.controller';
