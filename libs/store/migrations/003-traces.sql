-- Spans, the trace id -> time range lookup, and the service graph's edges.
-- Attributes are split by type into three maps (the proto's Attribute oneof: strings; ints and
-- doubles as Float64; bools), and the hot keys are promoted to MATERIALIZED columns so filters
-- on them read one narrow column instead of a map. Names are LowCardinality; ids are hex text.
-- The sort key holds only low-cardinality columns and time: never an id or a raw value.

CREATE TABLE IF NOT EXISTS spans
(
    tenant                  LowCardinality(String),
    trace_id                String CODEC(ZSTD(1)),
    span_id                 String CODEC(ZSTD(1)),
    parent_span_id          String CODEC(ZSTD(1)),
    trace_state             String CODEC(ZSTD(1)),
    service                 LowCardinality(String),
    name                    LowCardinality(String),
    kind                    Enum8('unspecified' = 0, 'internal' = 1, 'server' = 2, 'client' = 3, 'producer' = 4, 'consumer' = 5),
    start_time              DateTime64(9) CODEC(Delta, ZSTD(1)),
    duration_ns             UInt64 CODEC(T64, ZSTD(1)),
    status_code             Enum8('unset' = 0, 'ok' = 1, 'error' = 2),
    status_message          String CODEC(ZSTD(1)),
    resource_attributes     Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    attributes_string       Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    attributes_number       Map(LowCardinality(String), Float64) CODEC(ZSTD(1)),
    attributes_bool         Map(LowCardinality(String), Bool) CODEC(ZSTD(1)),
    events_time             Array(DateTime64(9)) CODEC(ZSTD(1)),
    events_name             Array(LowCardinality(String)) CODEC(ZSTD(1)),
    events_attributes       Array(Map(LowCardinality(String), String)) CODEC(ZSTD(1)),
    links_trace_id          Array(String) CODEC(ZSTD(1)),
    links_span_id           Array(String) CODEC(ZSTD(1)),
    links_attributes        Array(Map(LowCardinality(String), String)) CODEC(ZSTD(1)),
    scope_name              LowCardinality(String),
    scope_version           LowCardinality(String),
    retention_days          UInt16,
    -- Hot attributes, promoted (OpenTelemetry semantic conventions, old and new names).
    http_method             LowCardinality(String) MATERIALIZED coalesce(nullIf(attributes_string['http.request.method'], ''), attributes_string['http.method']),
    http_route              LowCardinality(String) MATERIALIZED attributes_string['http.route'],
    http_status_code        UInt16 MATERIALIZED toUInt16(coalesce(nullIf(attributes_number['http.response.status_code'], 0), attributes_number['http.status_code'])),
    db_system               LowCardinality(String) MATERIALIZED attributes_string['db.system'],
    peer_service            LowCardinality(String) MATERIALIZED attributes_string['peer.service'],
    INDEX idx_trace_id trace_id TYPE bloom_filter(0.001) GRANULARITY 1,
    INDEX idx_duration duration_ns TYPE minmax GRANULARITY 1
)
ENGINE = MergeTree
PARTITION BY (toDate(start_time), retention_days)
ORDER BY (tenant, service, name, start_time)
TTL toDate(start_time) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;

-- Where a trace lives in time: fetching one trace reads its (tenant, trace_id) rows first, then
-- scans spans only between min_start_time and max_end_time. A trace crossing midnight has one
-- row per day partition; readers take min/max over them.
CREATE TABLE IF NOT EXISTS trace_index
(
    tenant          LowCardinality(String),
    trace_id        String CODEC(ZSTD(1)),
    min_start_time  SimpleAggregateFunction(min, DateTime64(9)),
    max_end_time    SimpleAggregateFunction(max, DateTime64(9)),
    span_count      SimpleAggregateFunction(sum, UInt64),
    retention_days  UInt16
)
ENGINE = AggregatingMergeTree
PARTITION BY (toDate(min_start_time), retention_days)
ORDER BY (tenant, trace_id)
TTL toDate(min_start_time) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS trace_index_mv TO trace_index AS
SELECT
    tenant,
    trace_id,
    min(start_time) AS min_start_time,
    max(addNanoseconds(start_time, duration_ns)) AS max_end_time,
    toUInt64(count()) AS span_count,
    retention_days
FROM spans
GROUP BY tenant, trace_id, retention_days;

-- Calls from one service to another, per minute. Ingest derives the edges in the pipeline
-- (a child span whose parent is in another service), never with an insert-time self-join.
CREATE TABLE IF NOT EXISTS service_edges
(
    tenant            LowCardinality(String),
    bucket            DateTime CODEC(DoubleDelta, ZSTD(1)),
    parent_service    LowCardinality(String),
    child_service     LowCardinality(String),
    calls             UInt64,
    errors            UInt64,
    duration_ns_sum   UInt64,
    retention_days    UInt16
)
ENGINE = SummingMergeTree((calls, errors, duration_ns_sum))
PARTITION BY (toDate(bucket), retention_days)
ORDER BY (tenant, parent_service, child_service, bucket)
TTL toDate(bucket) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;
