import type { ServiceDefinition } from '@vigil/runtime';
import { AnomalyDetectorModule } from './anomaly-detector.module';

/**
 * How the runner starts anomaly-detector: one consumer group for every replica, so the
 * partitions of `vigil.metrics.v1` (and with them the series) are split between replicas.
 */
export const anomalyDetectorService: ServiceDefinition = {
  name: 'anomaly-detector',
  module: AnomalyDetectorModule,
  consumerGroup: 'anomaly-detector',
};
