#!/usr/bin/env bash
# Runs N silos (default 2) as one Orleans cluster on this machine, sharing one PostgreSQL.
#   deploy/local-cluster.sh [N]
# Uses CellValley__ConnectionString when set; otherwise starts a PostgreSQL in .data/cluster-pg.
# Silo i serves the API on http://localhost:(5000+i), Orleans silo-to-silo on 127.0.0.1:11110+i (no client gateway). Ctrl-C stops all.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-2}"

dotnet build src/Silo -c Release -v quiet -nologo >/dev/null
dll="src/Silo/bin/Release/net10.0/CellValley.Silo.dll"

own_pg=""
if [ -z "${CellValley__ConnectionString:-}" ]; then
  own_pg="$PWD/.data/cluster-pg"
  port="${CLUSTER_PG_PORT:-5434}"
  base="$(deploy/postgres.sh start "$own_pg" "$port")"
  psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'cellvalley'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc "CREATE DATABASE cellvalley ENCODING 'UTF8'"
  export CellValley__ConnectionString="${base/Database=postgres/Database=cellvalley}"
fi
# The cluster keeps its bootstrap token apart from the single-process default's.
export CellValley__DataDirectory="${CellValley__DataDirectory:-$PWD/.data/cluster}"
# Each silo's pool stays below max_connections ÷ silos.
export CellValley__MaxPoolSize="${CellValley__MaxPoolSize:-$(( 250 / count ))}"
export CELLVALLEY_ADMIN_TOKEN="${CELLVALLEY_ADMIN_TOKEN:-}"

pids=()
stop() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait || true
  [ -n "$own_pg" ] && deploy/postgres.sh stop "$own_pg"
}
trap stop EXIT INT TERM

for i in $(seq 1 "$count"); do
  ASPNETCORE_URLS="http://localhost:$((5000 + i))" \
  CellValley__SiloPort=$((11110 + i)) \
    dotnet "$dll" &
  pids+=("$!")
  sleep 2
done
echo "Started $count silos: API on ports $((5001))..$((5000 + count)). Ctrl-C stops them."
wait
