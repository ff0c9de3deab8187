import type { ServiceDefinition } from '@vigil/runtime';
import { AnomalyDetectorModule } from './anomaly-detector.module';

/** How the runner starts anomaly-detector. */
export const anomalyDetectorService: ServiceDefinition = {
  name: 'anomaly-detector',
  module: AnomalyDetectorModule,
};
