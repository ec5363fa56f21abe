#!/usr/bin/env bash
# Measures the local cluster: time from `./cluster up` (jars built) to all ready, RSS of each process, and
# requests/s with p50/p99 latency on GET /api/node through the gateway versus straight to participant-1.
# Needs wrk (Debian: apt-get install wrk). Sends traffic to 127.0.0.1 only; each wrk run stops by itself.
#   bench/gateway.sh                 # defaults: 2 threads, 32 connections, 20 s per run, after a 5 s warm-up
#   DURATION=60s CONNECTIONS=64 bench/gateway.sh
# ./cluster bench gateway measures the same path next to nginx in alternating rounds, with medians, on a
# cluster of its own (and ./cluster bench footprint the start time and RSS); this script stays for quick looks.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -n 1)"
echo "== JVM options: ${CLUSTER_JAVA_OPTS:-(./cluster default)}"
./cluster down >/dev/null 2>&1 || true
start=$(date +%s.%N)
./cluster up >/dev/null
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" 'BEGIN { printf "== ./cluster up to all ready: %.1f s\n", e - s }'

echo "== RSS after start"
for pidfile in .cluster/pids/*.pid; do
  name=$(basename "$pidfile" .pid)
  printf '   %-15s %6d MiB\n' "$name" $(( $(ps -o rss= -p "$(cat "$pidfile")") / 1024 ))
done

run() {
  local label="$1" url="$2"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$url" >/dev/null # warm-up: JIT, connection pools
  echo "== $label: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency $url"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" |
    grep -E 'Requests/sec|^ +50%|^ +99%|Non-2xx|Socket errors'
}
run "through the gateway" "http://127.0.0.1:8080/api/node"
run "straight to participant-1" "http://127.0.0.1:8081/api/node"

echo "== RSS after load"
for pidfile in .cluster/pids/*.pid; do
  name=$(basename "$pidfile" .pid)
  printf '   %-15s %6d MiB\n' "$name" $(( $(ps -o rss= -p "$(cat "$pidfile")") / 1024 ))
done
