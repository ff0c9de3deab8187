/** Forecasting and capacity logic (pure) — not built yet. */
export {};
