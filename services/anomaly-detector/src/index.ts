/**
 * The anomaly-detector service (a thin shell: consume → pure logic → produce/store → commit).
 * Exports its service definition for the runner, plus the pure pieces its tests and the
 * latency benchmark use (policies, checkpoint formats); nothing else is imported from a service.
 */
export { anomalyDetectorService } from './anomaly-detector.definition';
export { AnomalyDetectorModule } from './anomaly-detector.module';
export { anomalyDetectorConfigSchema, DEFAULT_POLICY } from './anomaly-detector.config';
export type { AnomalyDetectorConfig } from './anomaly-detector.config';
export { anomalyId, seriesKey } from './series-key';
