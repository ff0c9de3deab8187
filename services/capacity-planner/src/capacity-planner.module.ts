import { Module } from '@nestjs/common';
import type { VigilConfig } from '@vigil/config';
import { CONFIG } from '@vigil/runtime';
import { CapacityMetricsConsumer } from './capacity-metrics.consumer';
import { parseCapacityPlannerSettings } from './capacity-planner.config';
import { CapacityPlannerService } from './capacity-planner.service';
import { CAPACITY_PLANNER_SETTINGS } from './capacity-planner.tokens';

/** capacity-planner: resource series in (by partition ownership), forecasts and capacity alerts out. */
@Module({
  controllers: [CapacityMetricsConsumer],
  providers: [
    // A bad section (unknown resource kind, threshold out of range, bad selector) fails the start here, naming the key.
    { provide: CAPACITY_PLANNER_SETTINGS, useFactory: (config: VigilConfig) => parseCapacityPlannerSettings(config.services['capacity-planner']), inject: [CONFIG] },
    CapacityPlannerService,
  ],
  exports: [CapacityPlannerService],
})
export class CapacityPlannerModule {}
