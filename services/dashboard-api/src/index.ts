/** Vigil dashboard-api service — not built yet. */
export {};
