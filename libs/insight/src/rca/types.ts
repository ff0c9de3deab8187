/**
 * Inputs and outputs of root-cause ranking. Everything is plain data so the
 * insight-engine can build it from the store and a benchmark from CSV files.
 */

/** One observation of a series. */
export interface TimedValue {
  timeMillis: number;
  value: number;
}

/** `from` calls `to` (a request flows from caller to callee). */
export interface ServiceEdge {
  from: string;
  to: string;
}

/** A metric series of one service around the incident, with its normal behaviour if known. */
export interface MetricSeries {
  service: string;
  /** Metric name, e.g. `latency`, `cpu_usage`, `http_requests_total`. */
  metric: string;
  /** Aggregation when a metric comes in several (`p50`, `p99`, `Average`, `Sum`); optional. */
  statistic?: string;
  /** Points around the incident, any order. */
  points: TimedValue[];
  /** Points from a period of normal operation (any length, may be empty). */
  normal?: TimedValue[];
}

/** One span, OpenTelemetry-like, with nanosecond times as in OTLP. */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  service: string;
  operation: string;
  startUnixNano: bigint;
  durationNanos: number;
  /** `error` marks a failed span; anything else counts as ok. */
  status: 'ok' | 'error' | 'unset';
}

/** One log record. */
export interface LogRecord {
  timeMillis: number;
  service: string;
  severity: string;
  body: string;
  traceId?: string;
}

/** An anomaly the detector already reported inside the window. */
export interface KnownAnomaly {
  service: string;
  indicator: string;
  startedAtMillis: number;
  /** Detector score in [0, 1]. */
  score: number;
}

/** What broke: the symptom on-call was paged for. */
export interface Symptom {
  service: string;
  /** Metric or indicator whose SLO broke, if known. */
  indicator?: string;
}

export interface RootCauseInput {
  /** null = nothing specific broke; rank across the whole system. */
  symptom: Symptom | null;
  /** When the incident was detected (the page). */
  detectedAtMillis: number;
  /** Service call graph; may be empty (then spans provide it, or graph position is ignored). */
  edges: ServiceEdge[];
  metrics: MetricSeries[];
  spans?: SpanRecord[];
  /** Spans from normal operation, to baseline span-derived series. */
  normalSpans?: SpanRecord[];
  logs?: LogRecord[];
  /** Logs from normal operation, to tell new templates from old ones. */
  normalLogs?: LogRecord[];
  anomalies?: KnownAnomaly[];
}

/** Where a signal came from. */
export type SignalSource = 'metric' | 'span' | 'log' | 'anomaly';

/** One signal that changed, as shown to on-call. */
export interface ChangedSignal {
  service: string;
  indicator: string;
  source: SignalSource;
  /** Typical value before / in normal operation. */
  baselineValue: number;
  /** Most deviant value in the window. */
  peakValue: number;
  /** Deviation in robust standard deviations of its own normal variability. */
  deviationSigmas: number;
  /** peak / baseline − 1 (NaN-free: 0 when the baseline is 0). */
  relativeChange: number;
  /** When the change started; null if it never crossed the threshold. */
  onsetMillis: number | null;
  /** onset − earliest onset among the services from this one up to the symptom (ms; 0 = first). */
  onsetLagMillis: number | null;
}

export interface RootCauseEvidence {
  /** The service's own signals that changed, most deviant first. */
  signals: ChangedSignal[];
  /** Services from the candidate up to the symptom (caller chain), candidate first. */
  pathToSymptom: string[];
  /**
   * How much of this service's change neighbours that also changed explain (0–1): its callees
   * for latency, errors and saturation, its callers for request volume (the name predates that).
   */
  explainedByCallees: number;
  /** The neighbour (callee, or caller for request volume) that explains most of it, if any. */
  explainedBy: string | null;
  /** Correlation of this service's trajectory with the symptom's (−1…1; 0 when unknown). */
  symptomCorrelation: number;
  /** Short human sentence. */
  summary: string;
}

export interface RankedCause {
  service: string;
  /** Most telling indicator, e.g. `latency:p50`, `errors`, `log:Connection to * refused`. */
  indicator: string;
  /** Relative score in [0, 1]; the first cause has the highest. */
  score: number;
  evidence: RootCauseEvidence;
}
