#!/usr/bin/env bash
# Installs what the integration tests need, idempotently: Debian's redis-server,
# clickhouse-server (HTTP transport tests), prometheus/promtool, prometheus-alertmanager/amtool,
# kcat and docker-compose (offline validation), schemathesis (a venv), plus the Apache Kafka 3.9.1 jars from Maven
# Central cached in .engines/kafka/libs (git-ignored). Safe to run again: it skips what is there.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
engines="$root/.engines"
mkdir -p "$engines"

need=()
for pair in redis-server:redis-server clickhouse-server:clickhouse-server promtool:prometheus \
            amtool:prometheus-alertmanager kcat:kcat docker-compose:docker-compose; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "engines: apt-get install ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -f "$engines/kafka/libs/.complete" ]; then
  echo "engines: fetching Apache Kafka 3.9.1 jars from Maven Central"
  mkdir -p "$engines/kafka/libs"
  mvn -q -B -f "$root/tools/engines/kafka-pom.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$engines/kafka/libs"
  touch "$engines/kafka/libs/.complete"
fi
# Schemathesis (PyPI) fuzzes dashboard-api's OpenAPI document (services/dashboard-api/test).
if [ ! -x "$engines/schemathesis/bin/schemathesis" ]; then
  echo "engines: pip install schemathesis into .engines/schemathesis"
  python3 -m venv "$engines/schemathesis"
  "$engines/schemathesis/bin/pip" install -q 'schemathesis>=4,<5'
fi
echo "engines: installed"
