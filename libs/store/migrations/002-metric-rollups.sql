-- 1-minute and 1-hour rollups of gauge/sum samples, filled by materialized views at insert time,
-- so a 30-day chart reads ~43k rows per series from the 1 m table or 720 from the 1 h table,
-- never the raw samples. Each bucket keeps min/max/sum/count, the last value (argMax by time)
-- and a t-digest sketch for quantiles. Rollups outlive raw samples: a 1 m bucket is kept at
-- least 35 days, a 1 h bucket at least 400 days (never less than the raw retention).
-- The 1 h view reads from the 1 m table (merging states), not from raw samples.

CREATE TABLE IF NOT EXISTS metric_rollup_1m
(
    tenant          LowCardinality(String),
    metric_name     LowCardinality(String),
    fingerprint     UInt64,
    bucket          DateTime CODEC(DoubleDelta, ZSTD(1)),
    min             SimpleAggregateFunction(min, Float64),
    max             SimpleAggregateFunction(max, Float64),
    sum             SimpleAggregateFunction(sum, Float64),
    count           SimpleAggregateFunction(sum, UInt64),
    last            AggregateFunction(argMax, Float64, DateTime64(3)),
    sketch          AggregateFunction(quantileTDigest, Float64),
    retention_days  UInt16
)
ENGINE = AggregatingMergeTree
PARTITION BY (toDate(bucket), retention_days)
ORDER BY (tenant, metric_name, fingerprint, bucket)
TTL toDate(bucket) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS metric_rollup_1m_mv TO metric_rollup_1m AS
SELECT
    tenant,
    metric_name,
    fingerprint,
    toStartOfMinute(time) AS bucket,
    min(value) AS min,
    max(value) AS max,
    sum(value) AS sum,
    toUInt64(count()) AS count,
    argMaxState(value, time) AS last,
    quantileTDigestState(value) AS sketch,
    greatest(retention_days, 35) AS retention_days
FROM metric_samples
GROUP BY tenant, metric_name, fingerprint, bucket, retention_days;

CREATE TABLE IF NOT EXISTS metric_rollup_1h
(
    tenant          LowCardinality(String),
    metric_name     LowCardinality(String),
    fingerprint     UInt64,
    bucket          DateTime CODEC(DoubleDelta, ZSTD(1)),
    min             SimpleAggregateFunction(min, Float64),
    max             SimpleAggregateFunction(max, Float64),
    sum             SimpleAggregateFunction(sum, Float64),
    count           SimpleAggregateFunction(sum, UInt64),
    last            AggregateFunction(argMax, Float64, DateTime64(3)),
    sketch          AggregateFunction(quantileTDigest, Float64),
    retention_days  UInt16
)
ENGINE = AggregatingMergeTree
-- Monthly partitions: 24 buckets per series per day would make daily parts tiny.
PARTITION BY (toStartOfMonth(bucket), retention_days)
ORDER BY (tenant, metric_name, fingerprint, bucket)
TTL toDate(bucket) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS metric_rollup_1h_mv TO metric_rollup_1h AS
SELECT
    tenant,
    metric_name,
    fingerprint,
    toStartOfHour(bucket) AS bucket,
    min(min) AS min,
    max(max) AS max,
    sum(sum) AS sum,
    sum(count) AS count,
    argMaxMergeState(last) AS last,
    quantileTDigestMergeState(sketch) AS sketch,
    greatest(retention_days, 400) AS retention_days
FROM metric_rollup_1m
GROUP BY tenant, metric_name, fingerprint, bucket, retention_days;
