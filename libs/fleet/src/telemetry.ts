/**
 * The simulator's output as plain data — one step removed from OpenTelemetry's SDK objects, so
 * the generator stays pure and testable, and the emitter (otel-emitter.ts) is the only place
 * that knows the SDK.
 */
export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue>;

export type SimSpanKind = 'server' | 'client' | 'producer' | 'consumer' | 'internal';

export interface SimSpan {
  /** 32 lowercase hex. */
  readonly traceId: string;
  /** 16 lowercase hex. */
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly service: string;
  readonly version: string;
  readonly name: string;
  readonly kind: SimSpanKind;
  readonly startMillis: number;
  readonly endMillis: number;
  readonly error: boolean;
  readonly attributes: Attributes;
}

export interface SimPoint {
  readonly service: string;
  readonly version: string;
  readonly name: string;
  readonly unit: string;
  readonly description: string;
  readonly timeMillis: number;
  readonly value: number;
  readonly attributes: Attributes;
}

export type SimSeverity = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface SimLog {
  readonly service: string;
  readonly version: string;
  readonly timeMillis: number;
  readonly severity: SimSeverity;
  readonly body: string;
  readonly traceId?: string;
  readonly spanId?: string;
  readonly attributes: Attributes;
}

/** Everything the fleet produced for one slice of simulated time. */
export interface FleetBatch {
  readonly spans: SimSpan[];
  readonly points: SimPoint[];
  readonly logs: SimLog[];
}
