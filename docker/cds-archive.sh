#!/bin/sh
# Image build step, run as root once the service's jar is in /app: the fast start that ./cluster makes on the host
# (prepare_fast_start), made in the image. The exec jar is extracted to /app/cds (plain jars on the class path,
# which class-data sharing needs), then a training run of the service loads its classes until its Spring context
# is refreshed and exits, and the JVM writes them to /app/cds/app.jsa. entrypoint.sh starts from there when the
# archive exists. It is made here, in the layer that holds the extracted jars and with the image's own JVM,
# because the JVM uses an archive only with the same JVM and the same class path (the jars' paths, sizes and
# modification times).
# The training run needs no peers: a port the kernel picks, a data directory of its own that is deleted
# afterwards, and an identity, cluster name and token given as arguments only, so none of them stays in the image.
# Never fails the build: without an archive the image starts from the fat jar as before, only slower, and this
# step prints a line starting with "cds-archive: no archive" (docker/prebuilt-images.sh shows it).
set -u
dir=/app/cds
# the identity the training run starts with: the first instance of the service, as ./cluster's training run
case "${SERVICE:-}" in
  participant-service) id=participant-1 ;;
  coordinator-service) id=coordinator-1 ;;
  *) id=gateway ;;
esac
train="$(mktemp -d)"
started="$(date +%s)"
# what the JVMs leave in /tmp, which is part of the image: their temporary files and perf data directory
clean() { rm -rf "$train" "/tmp/hsperfdata_$(id -un)"; }
fail() {
  echo "cds-archive: no archive, the image starts from the fat jar: $1"
  tail -n 20 "$train/log" 2>/dev/null
  rm -rf "$dir"
  clean
  exit 0
}
java -Djarmode=tools -jar /app/app.jar extract --destination "$dir" >"$train/log" 2>&1 \
  || fail "the jar could not be extracted"
# C1 only: the training run compiles less on a small machine; the JIT's settings are not recorded in the archive
# (./cluster's startup and throughput profiles share one archive).
# A participant asks its peers once instead of waiting 3 s for them (the other services ignore the setting).
# shellcheck disable=SC2086
PLATFORM_CLUSTER_TOKEN=training-run-token-not-used timeout 300 java ${JAVA_OPTS:-} -XX:TieredStopAtLevel=1 \
  -Djava.io.tmpdir="$train" -XX:ArchiveClassesAtExit="$dir/app.jsa" \
  -Dspring.context.exit=onRefresh -jar "$dir/app.jar" --server.port=0 --platform.instance-id="$id" \
  --platform.data-dir="$train/data" --platform.replication.cluster-name=distlab-training \
  --platform.replication.join-timeout=100ms >"$train/log" 2>&1 </dev/null
[ -s "$dir/app.jsa" ] || fail "the training run wrote none"
# the service runs as user 10001
chmod -R a+rX "$dir"
echo "cds-archive: $dir/app.jsa, $(du -h "$dir/app.jsa" | cut -f1), from a training run as $id" \
  "($(($(date +%s) - started)) s)"
clean
