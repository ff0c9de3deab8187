#!/usr/bin/env bash
# Stops the engines tools/engines/start.sh started (by their pid files); all, or those named.
# VIGIL_ENGINES_DIR: the folder start.sh was given (default .engines/).
root="$(cd "$(dirname "$0")/../.." && pwd)"
engines="${VIGIL_ENGINES_DIR:-$root/.engines}"
names=("$@"); [ ${#names[@]} -eq 0 ] && names=(kafka clickhouse redis)
for name in "${names[@]}"; do
  pidfile="$engines/$name/pid"
  [ -f "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null && for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
done
[ $# -eq 0 ] && rm -f "$engines/env"
echo "engines: stopped ${names[*]}"
