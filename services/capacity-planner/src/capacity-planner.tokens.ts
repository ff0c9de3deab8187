/** The parsed, validated `services.capacity-planner` section (CapacityPlannerSettings). */
export const CAPACITY_PLANNER_SETTINGS = Symbol('capacity-planner.settings');
