/** Vigil insight-engine service — not built yet. */
export {};
