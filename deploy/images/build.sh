#!/usr/bin/env bash
# Builds the images of a CellValley cluster on the Debian base of base-image.sh:
#   cellvalley/service:latest   the service, self-contained (no .NET runtime in the image), console included
#   cellvalley/postgres:15      PostgreSQL from Debian's packages
#   cellvalley/haproxy:bookworm the load balancer, HAProxy from Debian's packages
# Run from anywhere: deploy/images/build.sh. CV_BASE_IMAGE picks another base (e.g. debian:bookworm-slim where a registry answers).
set -euo pipefail
cd "$(dirname "$0")/../.."
base="${CV_BASE_IMAGE:-cellvalley/base:bookworm}"
[ "$base" = "cellvalley/base:bookworm" ] && deploy/images/base-image.sh "$base"

context=.build/image
rm -rf "$context"
mkdir -p "$context"
echo "publishing the service (self-contained, linux-x64) …"
dotnet publish src/Silo -c Release -r linux-x64 --self-contained -o "$context/app" -nologo -v quiet
[ -f "$context/app/wwwroot/index.html" ] || { echo "the console is missing from the published service" >&2; exit 1; }
rm -f "$context"/app/*.pdb

docker build -q -f deploy/images/service.Dockerfile --build-arg BASE_IMAGE="$base" -t cellvalley/service:latest "$context" >/dev/null
docker build -q -f deploy/images/postgres.Dockerfile --build-arg BASE_IMAGE="$base" -t cellvalley/postgres:15 deploy/images >/dev/null
docker build -q -f deploy/images/haproxy.Dockerfile --build-arg BASE_IMAGE="$base" -t cellvalley/haproxy:bookworm deploy/images >/dev/null
docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep '^cellvalley/'
