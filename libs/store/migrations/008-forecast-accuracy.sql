-- How good earlier forecasts were, once their actuals arrived (capacity-planner). One row per
-- scored forecast: sMAPE, MASE (scaled by the in-sample one-step naive error) and the share of
-- actuals inside the 95 % interval. `forecast_id` is the forecast's deterministic id, so a
-- forecast scored twice (replay, takeover) folds into one row.

CREATE TABLE IF NOT EXISTS forecast_accuracy
(
    tenant          LowCardinality(String),
    forecast_id     String,
    fingerprint     UInt64,
    metric_name     LowCardinality(String),
    resource        LowCardinality(String),
    horizon         LowCardinality(String),
    model           LowCardinality(String),
    generated_at    DateTime64(3),
    scored_at       DateTime64(3),
    points          UInt16,
    smape           Float64,
    mase            Nullable(Float64),
    coverage_95     Float64,
    backtest_mase   Nullable(Float64),
    retention_days  UInt16
)
ENGINE = ReplacingMergeTree(scored_at)
PARTITION BY (toDate(generated_at), retention_days)
ORDER BY (tenant, metric_name, fingerprint, horizon, generated_at, forecast_id)
TTL toDate(generated_at) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;
