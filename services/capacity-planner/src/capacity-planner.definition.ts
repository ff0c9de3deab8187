import type { ServiceDefinition } from '@vigil/runtime';
import { CapacityPlannerModule } from './capacity-planner.module';

/** How the runner starts capacity-planner. */
export const capacityPlannerService: ServiceDefinition = {
  name: 'capacity-planner',
  module: CapacityPlannerModule,
};
