/** Typed, validated configuration from env and YAML — not built yet. */
export {};
