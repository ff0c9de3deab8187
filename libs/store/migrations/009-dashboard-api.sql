-- dashboard-api's own tables: API keys created through the admin routes (only a SHA-256 of the
-- secret is stored), the audit log of every write, and dashboards (one row per revision; the
-- highest revision wins, `deleted` marks a removal so the history stays).

CREATE TABLE IF NOT EXISTS api_keys
(
    tenant        LowCardinality(String),
    id            String,
    key_sha256    FixedString(64),
    name          String,
    role          Enum8('viewer' = 1, 'editor' = 2, 'admin' = 3),
    created_by    String,
    created_at    DateTime64(3),
    revoked_at    Nullable(DateTime64(3)),
    updated_at    DateTime64(3)
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (tenant, id);

CREATE TABLE IF NOT EXISTS audit_log
(
    tenant        LowCardinality(String),
    id            String,
    at            DateTime64(3) CODEC(Delta, ZSTD(1)),
    actor         String,
    role          LowCardinality(String),
    method        LowCardinality(String),
    route         LowCardinality(String),
    target        String,
    status        UInt16,
    detail        String CODEC(ZSTD(1)),
    retention_days UInt16 DEFAULT 400
)
ENGINE = MergeTree
PARTITION BY (toDate(at), retention_days)
ORDER BY (tenant, at, id)
TTL toDate(at) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1;

CREATE TABLE IF NOT EXISTS dashboards
(
    tenant        LowCardinality(String),
    id            String,
    revision      UInt32,
    title         String,
    description   String CODEC(ZSTD(1)),
    builtin       Bool,
    widgets_json  String CODEC(ZSTD(1)),
    deleted       Bool,
    updated_by    String,
    updated_at    DateTime64(3)
)
ENGINE = ReplacingMergeTree(revision)
ORDER BY (tenant, id);
