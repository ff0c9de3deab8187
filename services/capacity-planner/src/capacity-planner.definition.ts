import type { ServiceDefinition } from '@vigil/runtime';
import { CapacityPlannerModule } from './capacity-planner.module';

/**
 * How the runner starts capacity-planner. Replicas share one consumer group on
 * `vigil.metrics.v1`: the partitions each one holds are the series it forecasts.
 */
export const capacityPlannerService: ServiceDefinition = {
  name: 'capacity-planner',
  module: CapacityPlannerModule,
  consumerGroup: 'capacity-planner',
};
