/**
 * The capacity-planner service (a thin shell: consume → pure logic → produce/store → commit).
 * Exports its service definition for the runner; nothing else is imported from a service.
 */
export { capacityPlannerService } from './capacity-planner.definition';
export { CapacityPlannerModule } from './capacity-planner.module';
