#!/usr/bin/env bash
# Starts the compose cluster (PostgreSQL, three silos, HAProxy) and waits until it serves.
#   deploy/compose/up.sh            images from deploy/images/build.sh (built here if missing)
# The first run writes deploy/compose/.env with fresh secrets (owner-only, never committed): the database password,
# the console's admin password and a bootstrap admin token. The console: http://127.0.0.1:8080/ (user admin).
set -euo pipefail
cd "$(dirname "$0")"
. ./common.sh

if [ ! -f .env ]; then
  umask 077
  cat > .env <<ENV
COMPOSE_PROJECT_NAME=cellvalley
POSTGRES_PASSWORD=$(secret 32)
CELLVALLEY_ADMIN_PASSWORD=Cv$(secret 14)7
CELLVALLEY_ADMIN_TOKEN=$(secret 40)
ENV
  echo "wrote deploy/compose/.env (secrets of this cluster; keep it, never commit it)"
fi

docker image inspect cellvalley/service:latest >/dev/null 2>&1 || ../images/build.sh
compose up -d
wait_ready "http://127.0.0.1:${CV_HTTP_PORT:-8080}" 180
echo "CellValley serves on http://127.0.0.1:${CV_HTTP_PORT:-8080}/ — sign in as admin with CELLVALLEY_ADMIN_PASSWORD from deploy/compose/.env"
