/** Vigil ingest service — not built yet. */
export {};
