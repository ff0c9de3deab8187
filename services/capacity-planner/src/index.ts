/**
 * The capacity-planner service (a thin shell: consume → pure logic → produce/store → commit).
 * Exports its service definition for the runner, and the on-demand forecast behind
 * `vigil forecast` (the same history reading and planning a cycle does, read-only).
 */
export { capacityPlannerService } from './capacity-planner.definition';
export { CapacityPlannerModule } from './capacity-planner.module';
export { forecastSelector } from './forecast-query';
export type { ForecastAnswer, ForecastQuery } from './forecast-query';
