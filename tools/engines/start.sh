#!/usr/bin/env bash
# Starts the real engines on 127.0.0.1 for the integration tests and writes their addresses to
# .engines/env (source it, or let tools/run-tests.js read it). Ports are off the defaults so a
# developer's own Kafka/Redis/ClickHouse do not collide: Kafka 19092, Redis 16379, ClickHouse
# HTTP 18123. Each engine's data lives under .engines/<name>/ and is recreated on every start.
# With arguments (kafka, redis, clickhouse) only those are (re)started.
set -euo pipefail
selected=("$@")
# VIGIL_ENGINE_PORT_OFFSET moves every port (e.g. 1000: Kafka 20092), so a second checkout can run
# its own engines beside a developer's. VIGIL_ENGINES_DIR puts the engines' data, logs, pid files
# and env somewhere else than .engines/ (the Kafka jars stay cached in .engines/kafka/libs), so a
# test can run a broker of its own beside the shared one; VIGIL_ENGINE_KEEP_DATA=1 restarts an
# engine on its existing data instead of recreating it (a broker restart, not a new broker).
off="${VIGIL_ENGINE_PORT_OFFSET:-0}"
KAFKA_PORT=$((19092 + off)); KAFKA_CONTROLLER_PORT=$((19093 + off)); REDIS_PORT=$((16379 + off))
CH_HTTP_PORT=$((18123 + off)); CH_TCP_PORT=$((19000 + off)); CH_INTERSERVER_PORT=$((19009 + off))
is_selected() { [ ${#selected[@]} -eq 0 ] && return 0; for e in "${selected[@]}"; do [ "$e" = "$1" ] && return 0; done; return 1; }
root="$(cd "$(dirname "$0")/../.." && pwd)"
engines="${VIGIL_ENGINES_DIR:-$root/.engines}"
keep_data="${VIGIL_ENGINE_KEEP_DATA:-0}"
"$root/tools/engines/install.sh"
"$root/tools/engines/stop.sh" "$@" >/dev/null 2>&1 || true

wait_port() { # name port seconds
  for _ in $(seq 1 $(( $3 * 10 ))); do
    (exec 3<>/dev/tcp/127.0.0.1/"$2") 2>/dev/null && { exec 3>&- 3<&-; return 0; }
    sleep 0.1
  done
  echo "engines: $1 did not listen on port $2 within $3 s" >&2; return 1
}

# --- Kafka 3.9.1, KRaft, single node (recipe: ../shared/ENGINES.md) ---
if is_selected kafka; then
k="$engines/kafka"; libs="$root/.engines/kafka/libs"
[ "$keep_data" = 1 ] || rm -rf "$k/data" "$k/logs"
mkdir -p "$k/data" "$k/logs"
cat > "$k/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$k/data
num.partitions=12
auto.create.topics.enable=true
offsets.topic.replication.factor=1
offsets.topic.num.partitions=12
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
cat > "$k/log4j.properties" <<'PROPS'
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=${kafka.logs.dir}/server.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
PROPS
JOPTS=(-Xms512m -Xmx1g "-Dlog4j.configuration=file:$k/log4j.properties" "-Dkafka.logs.dir=$k/logs")
java "${JOPTS[@]}" -cp "$libs/*" kafka.tools.StorageTool format -t vigil-test-cluster-0001 \
  -c "$k/server.properties" --ignore-formatted >/dev/null
nohup java "${JOPTS[@]}" -cp "$libs/*" kafka.Kafka "$k/server.properties" >"$k/logs/stdout.log" 2>&1 &
echo $! > "$k/pid"
fi

# --- Redis ---
if is_selected redis; then
r="$engines/redis"; mkdir -p "$r"
redis-server --port $REDIS_PORT --bind 127.0.0.1 --save '' --appendonly no --daemonize yes \
  --pidfile "$r/pid" --logfile "$r/redis.log" --dir "$r"
fi

# --- ClickHouse server (Debian 18.16: HTTP transport tests only) ---
if is_selected clickhouse; then
c="$engines/clickhouse"; rm -rf "$c"; mkdir -p "$c/data" "$c/tmp" "$c/user_files" "$c/format_schemas" "$c/log"
cp /etc/clickhouse-server/users.xml "$c/users.xml"
sed -e "s#<path>.*</path>#<path>$c/data/</path>#" \
    -e "s#<tmp_path>.*</tmp_path>#<tmp_path>$c/tmp/</tmp_path>#" \
    -e "s#<user_files_path>.*</user_files_path>#<user_files_path>$c/user_files/</user_files_path>#" \
    -e "s#<format_schema_path>.*</format_schema_path>#<format_schema_path>$c/format_schemas/</format_schema_path>#" \
    -e "s#<log>.*</log>#<log>$c/log/server.log</log>#" \
    -e "s#<errorlog>.*</errorlog>#<errorlog>$c/log/error.log</errorlog>#" \
    -e "s#<http_port>.*</http_port>#<http_port>$CH_HTTP_PORT</http_port>#" \
    -e "s#<tcp_port>.*</tcp_port>#<tcp_port>$CH_TCP_PORT</tcp_port>#" \
    -e "s#<interserver_http_port>.*</interserver_http_port>#<interserver_http_port>$CH_INTERSERVER_PORT</interserver_http_port>#" \
    -e "s#<listen_host>::</listen_host>#<listen_host>127.0.0.1</listen_host>#" \
    -e "s#<users_config>.*</users_config>#<users_config>$c/users.xml</users_config>#" \
    /etc/clickhouse-server/config.xml > "$c/config.xml"
rm -rf /etc/clickhouse-server/config.d/listen.xml 2>/dev/null || true
nohup clickhouse-server --config-file="$c/config.xml" >"$c/log/stdout.log" 2>&1 &
echo $! > "$c/pid"
fi

is_selected redis && wait_port redis $REDIS_PORT 10
is_selected clickhouse && wait_port clickhouse $CH_HTTP_PORT 30
is_selected kafka && wait_port kafka $KAFKA_PORT 60

cat > "$engines/env" <<ENV
export VIGIL_TEST_KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT
export VIGIL_TEST_REDIS_URL=redis://127.0.0.1:$REDIS_PORT
export VIGIL_TEST_CLICKHOUSE_URL=http://127.0.0.1:$CH_HTTP_PORT
ENV
echo "engines: up — Kafka 127.0.0.1:$KAFKA_PORT, Redis 127.0.0.1:$REDIS_PORT, ClickHouse http://127.0.0.1:$CH_HTTP_PORT (source .engines/env)"
