/** Streaming anomaly detectors (pure) — not built yet. */
export {};
