/**
 * @vigil/detect — streaming, per-series anomaly detection (pure: no I/O, no clock, no Math.random).
 *
 * Belongs here: the detectors (robust baseline with data-chosen seasonality, CUSUM level shift,
 * trend change, sustained deviation, half-space-trees ML tier, contextual
 * novelty of short value sequences), their calibration into one score,
 * verdicts with band/type/severity/explanation, configuration, and the exact snapshot format of a
 * series' state. Does not belong here: consuming or producing topics, storing state, alert
 * policies (for-duration, auto-resolve) — those live in the anomaly-detector service.
 */
export { SeriesDetector } from './series-detector';
export { DEFAULT_DETECT_CONFIG, DetectConfigError, configForMetric, makeDetectConfig } from './config';
export type { DetectConfig } from './config';
export { SnapshotFormatError, STATE_FORMAT_VERSION } from './state-codec';
export { explain, severityOf } from './verdict';
export type { AnomalyType, DetectorName, ExplanationFacts, Severity, Verdict } from './verdict';
