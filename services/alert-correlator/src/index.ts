/** Vigil alert-correlator service — not built yet. */
export {};
