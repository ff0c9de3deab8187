/** Root-cause ranking and insights (pure) — not built yet. */
export {};
