import { parseSection } from '@vigil/config';
import type { ServiceDefinition } from '@vigil/runtime';
import { anomalyDetectorConfigSchema } from './anomaly-detector.config';
import { AnomalyDetectorModule } from './anomaly-detector.module';

/**
 * How the runner starts anomaly-detector: every replica joins one consumer group (default
 * `anomaly-detector`), so the partitions of `vigil.metrics.v1`, and with them the series, are
 * split between replicas (decision 130).
 */
export const anomalyDetectorService: ServiceDefinition = {
  name: 'anomaly-detector',
  module: AnomalyDetectorModule,
  consumerGroup: (config) => parseSection(config, 'anomaly-detector', anomalyDetectorConfigSchema).consumerGroup,
};
