#!/usr/bin/env bash
# Builds the three service images from the jars already built on this machine, without a registry or Maven in a
# container:
#   ./mvnw -B -q package -DskipTests -pl gateway-service,coordinator-service,participant-service -am
#   docker/prebuilt-images.sh            -> distlab/{gateway,coordinator,participant}-service:$DISTLAB_TAG (dev)
#   docker compose up -d --no-build      (or docker-compose up -d --no-build)
# The base image (DISTLAB_BASE_IMAGE, default distlab/jre-base:bookworm) is used when it exists; the default one
# is otherwise made from Debian packages with debootstrap (root, the debootstrap package, about a minute) from
# the mirror apt uses here, and its root file system kept as a tarball in DISTLAB_CACHE (/var/cache/distlab, or
# ~/.cache/distlab where that is not writable), so that a later run only imports it. Another base image must
# have Java 17 on the PATH and bash (eclipse-temurin:17-jre has).
# Each image carries its service's jar extracted and a class-data archive from a training run (docker/cds-archive.sh),
# which makes its containers start about twice as fast; the three images are built at once for that reason.
# Variables: DISTLAB_TAG, DISTLAB_BASE_IMAGE, DISTLAB_CACHE, DISTLAB_SERVICES (the three services).
# --base-only makes the base image where it is missing and stops there (.ci/run does so while the build runs).
# Two runs at once make the base image once: the second waits for the first (a lock in DISTLAB_CACHE).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tag="${DISTLAB_TAG:-dev}"
default_base=distlab/jre-base:bookworm
base="${DISTLAB_BASE_IMAGE:-$default_base}"
services=(${DISTLAB_SERVICES:-gateway-service coordinator-service participant-service})

log() { echo "prebuilt-images: $*" >&2; }

cache_dir() {
  if [[ -n "${DISTLAB_CACHE:-}" ]]; then
    echo "$DISTLAB_CACHE"
  elif mkdir -p /var/cache/distlab 2>/dev/null && [[ -w /var/cache/distlab ]]; then
    echo /var/cache/distlab
  else
    echo "${XDG_CACHE_HOME:-$HOME/.cache}/distlab"
  fi
}

# The first Debian mirror apt reads for this release (main), whatever the sources' format.
mirror() {
  local codename="$1"
  apt-get indextargets --format '$(REPO_URI) $(RELEASE) $(COMPONENT)' 2>/dev/null \
    | awk -v r="$codename" '$2 == r && $3 == "main" { print $1; exit }'
}

make_base() {
  local codename=bookworm cache tarball
  cache="$(cache_dir)"
  tarball="$cache/jre-base-$codename.tar"
  mkdir -p "$cache"
  if [[ ! -s "$tarball" ]]; then
    command -v debootstrap >/dev/null || { log "debootstrap is missing (apt-get install debootstrap)"; exit 1; }
    local url dir
    url="$(mirror "$codename")"
    [[ -n "$url" ]] || url=http://deb.debian.org/debian/
    dir="$(mktemp -d "$cache/rootfs.XXXXXX")"
    chmod 0755 "$dir" # the image's / (mktemp makes it 0700)
    log "debootstrap $codename from $url into $dir (openjdk-17-jre-headless, curl)"
    if ! debootstrap --variant=minbase --include=openjdk-17-jre-headless,curl "$codename" "$dir" "$url" \
        >"$cache/debootstrap.log" 2>&1; then
      log "debootstrap failed; its log: $cache/debootstrap.log"
      tail -n 20 "$cache/debootstrap.log" >&2
      rm -rf "$dir"
      exit 1
    fi
    # packages and indexes are no part of the image
    rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
    tar -C "$dir" -cf "$tarball.partial" . && mv "$tarball.partial" "$tarball"
    rm -rf "$dir"
  fi
  log "importing $tarball as $default_base"
  docker import --change 'ENV LANG=C.UTF-8' "$tarball" "$default_base" >/dev/null
}

base_only=false
case "${1:-}" in
  --base-only) base_only=true ;;
  "") ;;
  *) log "usage: $0 [--base-only]"; exit 2 ;;
esac

if ! docker image inspect "$base" >/dev/null 2>&1; then
  if [[ "$base" != "$default_base" ]]; then
    log "base image $base is not on this engine"
    exit 1
  fi
  mkdir -p "$(cache_dir)"
  exec 9>"$(cache_dir)/jre-base.lock"
  if ! flock -n 9; then
    log "another run is making $default_base; waiting for it"
    flock 9
  fi
  # the run that held the lock may have made it meanwhile
  docker image inspect "$base" >/dev/null 2>&1 || make_base
  flock -u 9
fi
$base_only && exit 0

context="$(mktemp -d)"
trap 'rm -rf "$context"' EXIT

prepare() { # prepare SERVICE: its build context, $context/SERVICE (the three differ in app/app.jar only)
  local service="$1" dir="$context/$1" jars
  case "$service" in
    gateway-service|coordinator-service|participant-service) ;;
    *) log "not a service: $service"; exit 1 ;;
  esac
  jars=("$root/$service"/target/"$service"-*-exec.jar)
  if [[ ${#jars[@]} != 1 || ! -f "${jars[0]}" ]]; then
    log "need exactly one $service/target/$service-*-exec.jar, found: ${jars[*]} (./mvnw package first)"
    exit 1
  fi
  mkdir -p "$dir/app" "$dir/data"
  cp "$root/docker/entrypoint.sh" "$root/docker/healthcheck.sh" "$root/docker/cds-archive.sh" "$dir/app/"
  cp "${jars[0]}" "$dir/app/app.jar"
  # the builder keeps the context's modes: mktemp's 0700 would lock user 10001 out of /app
  chmod 0755 "$dir" "$dir/app" "$dir/data" "$dir/app/entrypoint.sh" "$dir/app/healthcheck.sh" \
    "$dir/app/cds-archive.sh"
  chmod 0644 "$dir/app/app.jar"
  log "building distlab/$service:$tag from ${jars[0]#$root/} on $base"
}

build() { # build SERVICE: its image; the builder's output goes to $context/SERVICE.log
  # the classic builder (no buildx here) warns that it is deprecated on every build: only failures are shown
  DOCKER_BUILDKIT=0 docker build -f "$root/docker/Dockerfile.prebuilt" --build-arg BASE_IMAGE="$base" \
    --build-arg SERVICE="$1" -t "distlab/$1:$tag" "$context/$1" >"$context/$1.log" 2>&1
}

built() { # built SERVICE STATUS: says what became of SERVICE's build; fails if the build did
  if [[ $2 != 0 ]]; then
    cat "$context/$1.log" >&2
    return 1
  fi
  # an image without its class-data archive works, but starts slower: say why
  grep -A 20 '^cds-archive: no archive' "$context/$1.log" >&2 || true
  echo "distlab/$1:$tag"
}

for service in "${services[@]}"; do prepare "$service"; done
# Each build's training run (cds-archive.sh) keeps about one core busy for 20-45 s, so the builds run at once;
# except on the vfs storage driver, where every build step copies the whole base image: there they run one after
# the other, and the second and third find the steps that all three share in the build cache.
if [[ "$(docker info -f '{{.Driver}}' 2>/dev/null)" == vfs ]]; then
  for service in "${services[@]}"; do
    status=0
    build "$service" || status=$?
    built "$service" "$status" || exit 1
  done
else
  pids=()
  for service in "${services[@]}"; do
    build "$service" &
    pids+=($!)
  done
  failed=0
  for i in "${!services[@]}"; do
    status=0
    wait "${pids[$i]}" || status=$?
    built "${services[$i]}" "$status" || failed=1
  done
  exit "$failed"
fi
