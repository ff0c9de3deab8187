/** The vigil CLI and the embedded all-in-one runner — not built yet. */
export {};
