/** Alert routing, grouping, inhibition, silences and incident correlation (pure) — not built yet. */
export {};
