/**
 * The environment variables Vigil reads, and where each lands in the configuration. A table,
 * not scattered `process.env.X` reads: `vigil --help` prints it and errors name the variable.
 */
export interface EnvBinding {
  /** Dotted path in the config object. */
  path: string;
  parse: (raw: string) => unknown;
  help: string;
  secret?: boolean;
}

const text = (raw: string) => raw;
const int = (raw: string) => (/^-?\d+$/.test(raw.trim()) ? Number(raw) : raw);
const list = (raw: string) =>
  raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
const num = (raw: string) => (raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw);

/** `key:tenant:role` entries separated by commas. */
const apiKeys = (raw: string) =>
  list(raw).map((entry) => {
    const [key, tenant, role] = entry.split(':');
    return role ? { key, tenant, role } : { key, tenant };
  });

export const ENV_BINDINGS: Record<string, EnvBinding> = {
  VIGIL_DATA_DIR: { path: 'dataDir', parse: text, help: 'data folder for embedded mode (default ./data)' },
  VIGIL_LOG_LEVEL: { path: 'logLevel', parse: text, help: 'fatal|error|warn|info|debug|trace|silent' },
  VIGIL_BUS: { path: 'bus.kind', parse: text, help: 'memory (embedded) or kafka' },
  VIGIL_KAFKA_BROKERS: { path: 'bus.brokers', parse: list, help: 'comma-separated host:port list' },
  VIGIL_KAFKA_CLIENT_ID: { path: 'bus.clientId', parse: text, help: 'Kafka client id prefix' },
  VIGIL_PARTITIONS: { path: 'bus.partitions', parse: int, help: 'partitions per topic (default 12)' },
  VIGIL_STORE: { path: 'store.kind', parse: text, help: 'chdb (embedded) or clickhouse' },
  VIGIL_CHDB_PATH: { path: 'store.path', parse: text, help: 'chDB folder (default <dataDir>/clickhouse)' },
  VIGIL_CLICKHOUSE_URL: { path: 'store.url', parse: text, help: 'ClickHouse HTTP URL, e.g. http://clickhouse:8123' },
  VIGIL_CLICKHOUSE_USER: { path: 'store.username', parse: text, help: 'ClickHouse user' },
  VIGIL_CLICKHOUSE_PASSWORD: { path: 'store.password', parse: text, help: 'ClickHouse password', secret: true },
  VIGIL_CLICKHOUSE_DATABASE: { path: 'store.database', parse: text, help: 'ClickHouse database (default vigil)' },
  VIGIL_STATE: { path: 'state.kind', parse: text, help: 'memory (embedded) or redis' },
  VIGIL_REDIS_URL: { path: 'state.url', parse: text, help: 'redis://host:port' },
  VIGIL_API_KEYS: { path: 'auth.apiKeys', parse: apiKeys, help: 'key:tenant:role,… (role viewer|editor|admin)', secret: true },
  VIGIL_ANONYMOUS_LOOPBACK_TENANT: { path: 'auth.anonymousLoopbackTenant', parse: text, help: 'tenant for keyless loopback requests' },
  VIGIL_HTTP_HOST: { path: 'listen.*.host', parse: text, help: 'address every HTTP server binds (default 127.0.0.1)' },
  VIGIL_INGEST_PORT: { path: 'listen.ingest.port', parse: int, help: 'ingest (OTLP, remote_write) port, default 4318' },
  VIGIL_API_PORT: { path: 'listen.dashboardApi.port', parse: int, help: 'dashboard-api port, default 8080' },
  VIGIL_ALERTMANAGER_PORT: { path: 'listen.alertmanagerApi.port', parse: int, help: 'Alertmanager API v2 port, default 9093' },
  VIGIL_OPS_PORT: { path: 'listen.ops.port', parse: int, help: '/health and /metrics port of API-less services, default 9464' },
  VIGIL_OTLP_TRACES_ENDPOINT: { path: 'tracing.otlpEndpoint', parse: text, help: "where Vigil sends its own spans" },
  VIGIL_TRACE_SAMPLE_RATIO: { path: 'tracing.sampleRatio', parse: num, help: '0..1, default 1' },
};
