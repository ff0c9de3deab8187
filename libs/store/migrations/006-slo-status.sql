-- SLO status over time, one row per SLO per evaluation tick of the slo-monitor leader:
-- compliance and budget over the SLO period, and the burn rate of every alert window.
CREATE TABLE IF NOT EXISTS slo_status
(
    tenant            LowCardinality(String),
    slo               LowCardinality(String),
    service           LowCardinality(String),
    time              DateTime64(3) CODEC(DoubleDelta, ZSTD(1)),
    target            String,
    events            Float64 CODEC(Gorilla, ZSTD(1)),
    bad_events        Float64 CODEC(Gorilla, ZSTD(1)),
    compliance        Nullable(Float64),
    budget_remaining  Nullable(Float64),
    burn_rates        Map(LowCardinality(String), Float64) CODEC(ZSTD(1)),
    firing            Array(LowCardinality(String)),
    no_data           UInt8,
    exhaustion_at     Nullable(DateTime64(3)),
    retention_days    UInt16 DEFAULT 400
)
ENGINE = ReplacingMergeTree
PARTITION BY (toDate(time), retention_days)
ORDER BY (tenant, slo, time)
TTL toDate(time) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1;
