#!/usr/bin/env bash
# Stops the compose cluster; its data stay in the pgdata volume (add -v to drop them too).
set -euo pipefail
cd "$(dirname "$0")"
. ./common.sh
compose down "$@"
