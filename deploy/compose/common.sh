# Shared by the compose scripts: docker compose (v2) or docker-compose (v1), secrets, waiting.
compose() {
  if docker compose version >/dev/null 2>&1; then docker compose "$@"; else docker-compose "$@"; fi
}

# A random string of letters and digits (at most 100; every command reads all its input, so no SIGPIPE under pipefail).
secret() { head -c 120 /dev/urandom | base64 -w0 | tr -dc 'A-Za-z0-9' | cut -c1-"${1:-24}"; }

# Waits until the load balancer answers /health/ready with 200 (every silo behind it is ready for the requests it gets).
wait_ready() {
  local url="$1" seconds="${2:-120}" i
  for i in $(seq 1 "$seconds"); do
    if curl -fsS -o /dev/null "$url/health/ready" 2>/dev/null; then return 0; fi
    sleep 1
  done
  echo "no answer from $url/health/ready after ${seconds}s" >&2
  compose ps >&2
  return 1
}
