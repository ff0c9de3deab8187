/**
 * @vigil/fleet — a simulated microservice fleet for Vigil's demo, scenario suite and
 * benchmarks. Belongs here: the seeded simulator (topology, load curves, latency and error
 * models, resource gauges), the catalogue of injected incidents with their ground truth, the
 * sped-up clock, and the emitter that sends the fleet's telemetry through the OpenTelemetry
 * JS SDK over OTLP/HTTP. Does not belong here: starting Vigil, judging its output (apps/vigil
 * demo and tools/bench/scenarios do that).
 */
export { Random } from './random';
export { loadFactor } from './load';
export { FLEET_SERVICES, ROUTES, LLM, ENTRY_SERVICE, EXTERNAL_SERVICES, serviceSpec } from './topology';
export type { ServiceSpec, OperationSpec, CallSpec, RouteSpec, Protocol } from './topology';
export { INCIDENTS, incidentByName, scheduleIncidents, effectsAt, groundTruthOf, noEffects } from './incidents';
export type { IncidentSpec, ScheduledIncident, GroundTruth, ExpectedAlert, Effects } from './incidents';
export { FleetSimulator } from './simulator';
export type { FleetOptions } from './simulator';
export type { FleetBatch, SimSpan, SimPoint, SimLog, SimSpanKind, SimSeverity, Attributes, AttributeValue } from './telemetry';
export { OtelFleetEmitter, toResourceMetrics } from './otel-emitter';
export type { OtlpTarget, ExportCounts } from './otel-emitter';
export { FleetRunner, SpeedClock, PacedClock } from './fleet-runner';
export type { FleetRunnerOptions, FleetTotals, BatchSink, TimeSource } from './fleet-runner';
