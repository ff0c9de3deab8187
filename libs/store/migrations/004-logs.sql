-- Log records. Sorted by (tenant, service, time) so a service's log view is one contiguous range;
-- a token bloom filter on the body and a bloom filter on trace_id keep search and
-- "logs of this trace" from scanning everything.

CREATE TABLE IF NOT EXISTS logs
(
    tenant               LowCardinality(String),
    time                 DateTime64(9) CODEC(Delta, ZSTD(1)),
    observed_time        DateTime64(9) CODEC(Delta, ZSTD(1)),
    service              LowCardinality(String),
    severity_number      UInt8,
    severity_text        LowCardinality(String),
    body                 String CODEC(ZSTD(1)),
    attributes_string    Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    attributes_number    Map(LowCardinality(String), Float64) CODEC(ZSTD(1)),
    attributes_bool      Map(LowCardinality(String), Bool) CODEC(ZSTD(1)),
    resource_attributes  Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    trace_id             String CODEC(ZSTD(1)),
    span_id              String CODEC(ZSTD(1)),
    flags                UInt32,
    scope_name           LowCardinality(String),
    retention_days       UInt16,
    INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_body body TYPE tokenbf_v1(32768, 3, 0) GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY (toDate(time), retention_days)
ORDER BY (tenant, service, time)
TTL toDate(time) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;
