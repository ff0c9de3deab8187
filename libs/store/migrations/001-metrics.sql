-- Metric series and their points (DESIGN.md "Store schema").
-- Series live apart from samples: one row per series (fingerprint -> name, labels) in a
-- ReplacingMergeTree, and narrow sample rows sorted by (tenant, metric name, fingerprint, time).
-- Retention is a per-row column inside the partition key, so every part holds rows that expire
-- at the same instant and TTL drops whole parts (ttl_only_drop_parts) instead of rewriting them.
-- Every statement is idempotent (IF NOT EXISTS): migrations may run twice and from two processes.

CREATE TABLE IF NOT EXISTS metric_series
(
    tenant          LowCardinality(String),
    fingerprint     UInt64,
    metric_name     LowCardinality(String),
    labels          Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    metric_type     Enum8('gauge' = 1, 'sum' = 2, 'histogram' = 3, 'summary' = 4),
    monotonic       Bool,
    temporality     Enum8('unspecified' = 0, 'cumulative' = 1, 'delta' = 2),
    unit            LowCardinality(String),
    description     String CODEC(ZSTD(1)),
    last_seen       DateTime64(3) CODEC(Delta, ZSTD(1)),
    retention_days  UInt16
)
ENGINE = ReplacingMergeTree(last_seen)
ORDER BY (tenant, metric_name, fingerprint)
TTL toDateTime(last_seen) + toIntervalDay(retention_days)
SETTINGS index_granularity = 1024;

CREATE TABLE IF NOT EXISTS metric_samples
(
    tenant          LowCardinality(String),
    metric_name     LowCardinality(String),
    fingerprint     UInt64,
    time            DateTime64(3) CODEC(DoubleDelta, ZSTD(1)),
    value           Float64 CODEC(Gorilla, ZSTD(1)),
    retention_days  UInt16
)
ENGINE = MergeTree
PARTITION BY (toDate(time), retention_days)
ORDER BY (tenant, metric_name, fingerprint, time)
TTL toDate(time) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;

-- Histogram points keep their buckets (non-cumulative counts, one more than bounds).
CREATE TABLE IF NOT EXISTS metric_histograms
(
    tenant           LowCardinality(String),
    metric_name      LowCardinality(String),
    fingerprint      UInt64,
    time             DateTime64(3) CODEC(DoubleDelta, ZSTD(1)),
    explicit_bounds  Array(Float64) CODEC(ZSTD(1)),
    bucket_counts    Array(UInt64) CODEC(ZSTD(1)),
    sum              Float64 CODEC(Gorilla, ZSTD(1)),
    count            UInt64 CODEC(T64, ZSTD(1)),
    min              Nullable(Float64),
    max              Nullable(Float64),
    retention_days   UInt16
)
ENGINE = MergeTree
PARTITION BY (toDate(time), retention_days)
ORDER BY (tenant, metric_name, fingerprint, time)
TTL toDate(time) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;

-- Summary points: pre-computed quantiles as two parallel arrays.
CREATE TABLE IF NOT EXISTS metric_summaries
(
    tenant           LowCardinality(String),
    metric_name      LowCardinality(String),
    fingerprint      UInt64,
    time             DateTime64(3) CODEC(DoubleDelta, ZSTD(1)),
    sum              Float64 CODEC(Gorilla, ZSTD(1)),
    count            UInt64 CODEC(T64, ZSTD(1)),
    quantiles        Array(Float64) CODEC(ZSTD(1)),
    quantile_values  Array(Float64) CODEC(ZSTD(1)),
    retention_days   UInt16
)
ENGINE = MergeTree
PARTITION BY (toDate(time), retention_days)
ORDER BY (tenant, metric_name, fingerprint, time)
TTL toDate(time) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;
