/**
 * The anomaly-detector service (a thin shell: consume → pure logic → produce/store → commit).
 * Exports its service definition for the runner; nothing else is imported from a service.
 */
export { anomalyDetectorService } from './anomaly-detector.definition';
export { AnomalyDetectorModule } from './anomaly-detector.module';
