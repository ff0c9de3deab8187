/** Vigil anomaly-detector service — not built yet. */
export {};
