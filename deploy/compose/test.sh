#!/usr/bin/env bash
# The cluster test. Checks the Kubernetes manifests offline, then brings up a cluster of its own (project cellvalley-test:
# PostgreSQL, three silos, HAProxy; subnet 172.31.0.0/24, load balancer on 127.0.0.1:18080), drives bounded writes through
# the load balancer while `docker kill` removes one silo and later a second, restarts both, and checks that no
# acknowledged write was lost (record, history, list, picture), that nothing answered 500, and how long writes to the
# dead silos' grains took to succeed again. Prints the figures; exits non-zero if a write was lost or a 500 was seen.
#   deploy/compose/test.sh [--build]      (--build: rebuild the images first)
# Without a Docker daemon (and no way to start one) the cluster part is skipped, saying so.
set -euo pipefail
cd "$(dirname "$0")"
. ./common.sh
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
py=/usr/bin/python3; [ -x "$py" ] || py=python3

echo "== Kubernetes manifests (offline: kubectl kustomize and a structural check)"
kubectl kustomize ../k8s/base > "$work/base.yaml"
kubectl kustomize ../k8s/examples/with-postgres > "$work/example.yaml"
"$py" ../k8s/check.py "$work/base.yaml" "$work/example.yaml"

echo "== Docker"
if ! docker info >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v dockerd >/dev/null; then
    (setsid dockerd >/var/log/cellvalley-dockerd.log 2>&1 &)
    for _ in $(seq 1 30); do docker info >/dev/null 2>&1 && break; sleep 1; done
  fi
fi
if ! docker info >/dev/null 2>&1; then
  echo "SKIPPED: no Docker daemon runs here, and none could be started"
  exit 0
fi
if [ "${1:-}" = "--build" ] || ! docker image inspect cellvalley/service:latest >/dev/null 2>&1; then
  ../images/build.sh
fi

export COMPOSE_PROJECT_NAME=cellvalley-test CV_SUBNET=172.31.0 CV_HTTP_PORT=18080 CV_CLUSTER_ID=cellvalley-test
token="$(secret 40)"
cat > "$work/env" <<ENV
POSTGRES_PASSWORD=$(secret 32)
CELLVALLEY_ADMIN_PASSWORD=Cv$(secret 14)7
CELLVALLEY_ADMIN_TOKEN=$token
ENV
cluster() { compose --env-file "$work/env" "$@"; }
cleanup() { cluster down -v >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
cluster down -v >/dev/null 2>&1 || true

echo "== Cluster up"
up_started=$(date +%s)
cluster up -d 2>&1 | grep -v "^$" | sed 's/^/   /'
wait_ready "http://127.0.0.1:$CV_HTTP_PORT" 300
for s in silo1 silo2 silo3; do
  for _ in $(seq 1 120); do
    [ "$(docker inspect -f '{{.State.Health.Status}}' "$(cluster ps -q $s)")" = healthy ] && break
    sleep 1
  done
done
echo "   three silos healthy behind the load balancer after $(( $(date +%s) - up_started )) s"

echo "== Writes while silos are killed and restarted"
kills="$work/kills"; : > "$kills"
"$py" drive.py --url "http://127.0.0.1:$CV_HTTP_PORT" --token "$token" --enterprises 40 --workers 4 --seconds 80 \
  --kills "$kills" --started "$work/started" --out "$work/result.json" > "$work/drive.log" 2>&1 &
driver=$!
for _ in $(seq 1 120); do [ -f "$work/started" ] && break; sleep 0.5; done
event() { echo "$(date +%s.%N) $*" >> "$kills"; echo "   $(date +%T) $*"; }
sleep 15
event "docker kill silo1"; docker kill "$(cluster ps -q silo1)" >/dev/null
sleep 20
event "docker kill silo2"; docker kill "$(cluster ps -q silo2)" >/dev/null
sleep 15
event "docker start silo1 silo2"; docker start "$(cluster ps -q silo1)" "$(cluster ps -q silo2)" >/dev/null
wait "$driver" || { cat "$work/drive.log"; exit 1; }
cat "$work/drive.log"
# When the cluster declared each killed silo dead: the last vote against it in the membership table.
docker exec -e PGPASSWORD="$(grep ^POSTGRES_PASSWORD= "$work/env" | cut -d= -f2)" "$(cluster ps -q postgres)" \
  psql -h 127.0.0.1 -U postgres -d cellvalley -At -F ' ' -c "SELECT address, suspecttimes FROM orleansmembershiptable WHERE status = 6" > "$work/dead" || true

echo "== Verdict"
"$py" - "$work/result.json" "$kills" "$work/dead" "$CV_SUBNET" <<'PY'
import datetime, json, sys
r = json.load(open(sys.argv[1]))
kills = [(float(l.split()[0]), l.split(None, 1)[1].strip()) for l in open(sys.argv[2]) if l.strip()]
declared = {}
for line in open(sys.argv[3]):
    if " " not in line.strip():
        continue
    address, votes = line.strip().split(" ", 1)
    times = [datetime.datetime.strptime(v.split(",")[1].replace(" GMT", ""), "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc).timestamp()
             for v in votes.split("|") if "," in v]
    if times:
        declared.setdefault(address, []).append(max(times))
print(f"   writes: {r['writesAttempted']} attempted, {r['writesAcknowledged']} acknowledged, {r['acknowledgedWritesLost']} acknowledged writes lost")
print(f"   answers: " + ", ".join(f"{k}×{v}" for k, v in sorted(r['statuses'].items())))
print(f"   picture counts {r['pictureTotal']} of {r['enterprises']} enterprises")
print(f"   change feed before the kills ({r['writesPerSecondBeforeKills']} acknowledged writes/s): " + "; ".join(
    f"listener {f['listener']} heard {f['heardOfAcknowledged']}, median {f['medianMs']} ms, p99 {f['p99Ms']} ms" for f in r["changeFeed"]))
for f in r["failover"]:
    if not f["event"].startswith("docker kill"):
        continue
    verdict = "within 3 s" if f["writesBackAfterSeconds"] <= 3 else "over 3 s"
    silo = f["event"].split()[-1]
    at = next(t for t, label in kills if label == f["event"])
    address = f"{sys.argv[4]}.{10 + int(silo[-1])}"
    dead = [d - at for d in declared.get(address, []) if d >= at - 1]
    dead_text = f"declared dead {min(dead):.2f} s after the kill; " if dead else ""
    print(f"   {f['event']}: {dead_text}writes to {f['enterprisesHit']} enterprises failed, all written again {f['writesBackAfterSeconds']} s after the kill ({verdict})")
heard_all = all(f["heardOfAcknowledged"].split("/")[0] == f["heardOfAcknowledged"].split("/")[1] for f in r["changeFeed"])
spurious = sum(len(v) for v in declared.values()) - sum(1 for _, label in kills if label.startswith("docker kill"))
print(f"   silos declared dead without being killed: {max(0, spurious)}")
ok = spurious <= 0 and r["acknowledgedWritesLost"] == 0 and r["http500"] == 0 and r["pictureTotal"] == r["enterprises"] and heard_all
print("   PASS" if ok else "   FAIL")
sys.exit(0 if ok else 1)
PY
