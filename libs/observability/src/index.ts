/** Logging, tracing, Prometheus metrics and health — not built yet. */
export {};
