#!/usr/bin/env bash
# The Debian base image the service, the cluster's PostgreSQL and its load balancer are built on.
#   deploy/images/base-image.sh [TAG]        (default cellvalley/base:bookworm)
# Where a registry answers, the public debian:bookworm-slim is pulled and tagged. Where none does (an offline build
# machine), debootstrap builds the same Debian release from Debian's own packages (DEBIAN_MIRROR, default
# deb.debian.org) and `docker import` makes it an image. Needs root for debootstrap; a tag that exists is kept.
set -euo pipefail
tag="${1:-cellvalley/base:bookworm}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"

if docker image inspect "$tag" >/dev/null 2>&1; then
  echo "$tag: present"
  exit 0
fi

if timeout 60 docker pull -q debian:bookworm-slim >/dev/null 2>&1; then
  docker tag debian:bookworm-slim "$tag"
  echo "$tag: debian:bookworm-slim from the registry"
  exit 0
fi

command -v debootstrap >/dev/null || { echo "no registry answers and debootstrap is missing: apt-get install debootstrap" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "debootstrap needs root" >&2; exit 1; }
root="$(mktemp -d /var/tmp/cellvalley-base.XXXXXX)"
trap 'rm -rf "$root"' EXIT
echo "no registry answers: building $tag with debootstrap from $mirror"
debootstrap --variant=minbase bookworm "$root" "$mirror" >/dev/null
cat > "$root/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
SOURCES
# Images install what they need with apt-get and leave no caches or documentation behind (as debian:*-slim does).
cat > "$root/etc/dpkg/dpkg.cfg.d/slim" <<'SLIM'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
SLIM
echo 'APT::Install-Recommends "false";' > "$root/etc/apt/apt.conf.d/90-no-recommends"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/*
find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true
tar -C "$root" --numeric-owner -c . | docker import --change 'CMD ["/bin/bash"]' - "$tag" >/dev/null
echo "$tag: built ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"
