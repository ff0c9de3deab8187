/** The parsed `services.anomaly-detector` section. */
export const ANOMALY_DETECTOR_CONFIG = Symbol('anomaly-detector.config');
