/** Vigil slo-monitor service — not built yet. */
export {};
