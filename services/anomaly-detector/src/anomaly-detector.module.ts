import { Module } from '@nestjs/common';
import { parseSection, type VigilConfig } from '@vigil/config';
import { CONFIG } from '@vigil/runtime';
import { anomalyDetectorConfigSchema } from './anomaly-detector.config';
import { AnomalyDetectorConsumer } from './anomaly-detector.consumer';
import { AnomalyDetectorService } from './anomaly-detector.service';
import { AnomalyStoreWriter } from './anomaly-store.writer';
import { ANOMALY_DETECTOR_CONFIG } from './anomaly-detector.tokens';

/** anomaly-detector: metric points in; anomalies and alert changes out (and stored by their own writer); detectors checkpointed per partition. */
@Module({
  controllers: [AnomalyDetectorConsumer],
  providers: [
    { provide: ANOMALY_DETECTOR_CONFIG, useFactory: (config: VigilConfig) => parseSection(config, 'anomaly-detector', anomalyDetectorConfigSchema), inject: [CONFIG] },
    AnomalyDetectorService,
    AnomalyStoreWriter,
  ],
  exports: [AnomalyDetectorService],
})
export class AnomalyDetectorModule {}
