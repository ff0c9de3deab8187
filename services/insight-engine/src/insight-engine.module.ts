import { Module } from '@nestjs/common';
import { parseSection, type VigilConfig } from '@vigil/config';
import { CONFIG } from '@vigil/runtime';
import { insightEngineConfigSchema } from './insight-engine.config';
import { InsightEngineService } from './insight-engine.service';
import { INSIGHT_ENGINE_CONFIG } from './insight-engine.tokens';
import { InsightEventsConsumer } from './insight-events.consumer';

/** insight-engine: incidents, anomalies, forecasts, SLO alerts and feedback in; ranked insights out. */
@Module({
  controllers: [InsightEventsConsumer],
  providers: [
    { provide: INSIGHT_ENGINE_CONFIG, useFactory: (config: VigilConfig) => parseSection(config, 'insight-engine', insightEngineConfigSchema), inject: [CONFIG] },
    InsightEngineService,
  ],
  exports: [InsightEngineService],
})
export class InsightEngineModule {}
