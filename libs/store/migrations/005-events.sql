-- What Vigil derives: anomalies, forecasts, alerts, incidents, insights, and users' feedback.
-- Every event has a deterministic id, so ReplacingMergeTree folds a replayed event into the one
-- already stored (read with FINAL, or argMax by version, when exactness matters).

CREATE TABLE IF NOT EXISTS anomalies
(
    tenant             LowCardinality(String),
    id                 String,
    fingerprint        UInt64,
    metric_name        LowCardinality(String),
    labels             Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    time               DateTime64(3) CODEC(Delta, ZSTD(1)),
    value              Float64,
    expected           Float64,
    lower_bound        Float64,
    upper_bound        Float64,
    score              Float64,
    type               Enum8('unspecified' = 0, 'spike' = 1, 'drift' = 2, 'outlier' = 3, 'trend' = 4, 'seasonal' = 5),
    severity           Enum8('unspecified' = 0, 'low' = 1, 'medium' = 2, 'high' = 3, 'critical' = 4),
    detectors_name     Array(LowCardinality(String)),
    detectors_score    Array(Float64),
    detectors_reason   Array(String) CODEC(ZSTD(1)),
    explanation        String CODEC(ZSTD(1)),
    detected_at        DateTime64(3),
    retention_days     UInt16
)
ENGINE = ReplacingMergeTree(detected_at)
PARTITION BY (toDate(time), retention_days)
ORDER BY (tenant, metric_name, fingerprint, time, id)
TTL toDate(time) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS forecasts
(
    tenant                      LowCardinality(String),
    id                          String,
    fingerprint                 UInt64,
    metric_name                 LowCardinality(String),
    labels                      Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    generated_at                DateTime64(3),
    step_millis                 UInt32,
    points_time                 Array(DateTime64(3)) CODEC(ZSTD(1)),
    points_value                Array(Float64) CODEC(ZSTD(1)),
    points_lower_80             Array(Float64) CODEC(ZSTD(1)),
    points_upper_80             Array(Float64) CODEC(ZSTD(1)),
    points_lower_95             Array(Float64) CODEC(ZSTD(1)),
    points_upper_95             Array(Float64) CODEC(ZSTD(1)),
    threshold                   Nullable(Float64),
    breach_at                   Nullable(DateTime64(3)),
    earliest_breach_at          Nullable(DateTime64(3)),
    action                      Enum8('unspecified' = 0, 'immediate_scale_up_required' = 1, 'plan_scale_up' = 2, 'monitor_closely' = 3, 'consider_scale_down' = 4, 'maintain_current_capacity' = 5),
    model                       LowCardinality(String),
    mase                        Float64,
    explanation                 String CODEC(ZSTD(1)),
    retention_days              UInt16
)
ENGINE = ReplacingMergeTree(generated_at)
PARTITION BY (toDate(generated_at), retention_days)
ORDER BY (tenant, metric_name, fingerprint, generated_at, id)
TTL toDate(generated_at) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1;

-- One row per alert state change (firing, then resolved), so the history stays visible.
CREATE TABLE IF NOT EXISTS alerts
(
    tenant          LowCardinality(String),
    fingerprint     String,
    status          Enum8('unspecified' = 0, 'firing' = 1, 'resolved' = 2),
    labels          Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    annotations     Map(LowCardinality(String), String) CODEC(ZSTD(1)),
    starts_at       DateTime64(3),
    ends_at         Nullable(DateTime64(3)),
    generator_url   String CODEC(ZSTD(1)),
    source          Enum8('unspecified' = 0, 'anomaly_detector' = 1, 'capacity_planner' = 2, 'slo_monitor' = 3, 'alertmanager' = 4, 'external' = 5),
    updated_at      DateTime64(3),
    retention_days  UInt16,
    alertname       LowCardinality(String) MATERIALIZED labels['alertname']
)
ENGINE = ReplacingMergeTree(updated_at)
PARTITION BY (toDate(starts_at), retention_days)
ORDER BY (tenant, fingerprint, starts_at, status)
TTL toDate(starts_at) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1;

-- One row per incident; a newer revision replaces an older one.
CREATE TABLE IF NOT EXISTS incidents
(
    tenant                      LowCardinality(String),
    id                          String,
    revision                    UInt32,
    status                      Enum8('unspecified' = 0, 'open' = 1, 'updated' = 2, 'resolved' = 3),
    title                       String,
    severity                    Enum8('unspecified' = 0, 'low' = 1, 'medium' = 2, 'high' = 3, 'critical' = 4),
    member_alert_fingerprints   Array(String),
    firing_alert_fingerprints   Array(String),
    services                    Array(LowCardinality(String)),
    root_cause_service          LowCardinality(String),
    root_cause_reason           String,
    root_cause_confidence       Float64,
    opened_at                   DateTime64(3),
    updated_at                  DateTime64(3),
    resolved_at                 Nullable(DateTime64(3)),
    retention_days              UInt16
)
ENGINE = ReplacingMergeTree(revision)
PARTITION BY (toDate(opened_at), retention_days)
ORDER BY (tenant, id)
TTL toDate(opened_at) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS insights
(
    tenant                LowCardinality(String),
    id                    String,
    category              Enum8('unspecified' = 0, 'performance' = 1, 'anomaly' = 2, 'capacity' = 3, 'optimization' = 4, 'risk' = 5),
    severity              Enum8('unspecified' = 0, 'low' = 1, 'medium' = 2, 'high' = 3, 'critical' = 4),
    score                 Float64,
    title                 String,
    summary               String CODEC(ZSTD(1)),
    recommendation        String CODEC(ZSTD(1)),
    evidence_kind         Array(LowCardinality(String)),
    evidence_ref          Array(String),
    evidence_description  Array(String) CODEC(ZSTD(1)),
    services              Array(LowCardinality(String)),
    created_at            DateTime64(3),
    updated_at            DateTime64(3),
    expires_at            Nullable(DateTime64(3)),
    retention_days        UInt16
)
ENGINE = ReplacingMergeTree(updated_at)
PARTITION BY (toDate(created_at), retention_days)
ORDER BY (tenant, id)
TTL toDate(created_at) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS feedback
(
    tenant          LowCardinality(String),
    id              String,
    target          Enum8('unspecified' = 0, 'series' = 1, 'anomaly' = 2, 'insight' = 3, 'incident' = 4),
    target_id       String,
    kind            Enum8('unspecified' = 0, 'useful' = 1, 'false_positive' = 2, 'acknowledged' = 3, 'note' = 4),
    note            String CODEC(ZSTD(1)),
    user            String,
    at              DateTime64(3),
    retention_days  UInt16
)
ENGINE = ReplacingMergeTree(at)
PARTITION BY (toDate(at), retention_days)
ORDER BY (tenant, target, target_id, id)
TTL toDate(at) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1;
