/** Vigil capacity-planner service — not built yet. */
export {};
