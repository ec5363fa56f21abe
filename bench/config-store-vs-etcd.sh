#!/usr/bin/env bash
# Writes/s and linearizable reads/s of the config store (3 replicas, fsync on) next to etcd 3.4 (3 members,
# fsync on) on this machine, with the same load generator (wrk, HTTP/1.1, keep-alive) and the same shape of
# load: C concurrent connections, 100-byte values, random keys out of 1000.
#   bench/config-store-vs-etcd.sh          # defaults: 32 connections, 20 s per run, after a 60 s warm-up
# Needs wrk, etcd and etcdctl (Debian: apt-get install wrk etcd-server etcd-client). Traffic goes to 127.0.0.1 only.
# Both are measured straight at their leader and then at a follower (the gateway adds a hop; bench/gateway.sh
# measures that); etcd through its HTTP/JSON gateway (/v3/kv/put, /v3/kv/range). The store runs in its own
# state directory (.cluster-bench), so a developer's ./cluster is left alone, but on the default ports.
# ./cluster bench store measures the same at the leader in alternating rounds, with medians, and writes the
# table into docs/BENCHMARKS.md; this script also measures at a follower.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
WARMUP="${WARMUP:-60}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v etcd >/dev/null || { echo "etcd is missing: apt-get install etcd-server" >&2; exit 1; }
command -v etcdctl >/dev/null || { echo "etcdctl is missing: apt-get install etcd-client" >&2; exit 1; }
LUA="$(mktemp -d)"
ETCD_DIR="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$LUA" "$ETCD_DIR"' EXIT

VALUE=$(head -c 100 /dev/zero | tr '\0' 'v')
cat > "$LUA/store-put.lua" <<LUA
math.randomseed(os.time())
request = function()
  return wrk.format("PUT", "/api/config/bench/k" .. math.random(1000), {["Content-Type"]="application/json"},
    '{"value":"$VALUE"}')
end
LUA
cat > "$LUA/store-get.lua" <<LUA
math.randomseed(os.time())
request = function() return wrk.format("GET", "/api/config/bench/k" .. math.random(1000)) end
LUA
VALUE64=$(printf '%s' "$VALUE" | base64 -w0)
cat > "$LUA/etcd-put.lua" <<LUA
math.randomseed(os.time())
local b64 = {}
request = function()
  local key = "bench/k" .. math.random(1000)
  if not b64[key] then b64[key] = io.popen("printf '%s' " .. key .. " | base64 -w0"):read("*a") end
  return wrk.format("POST", "/v3/kv/put", {["Content-Type"]="application/json"},
    '{"key":"' .. b64[key] .. '","value":"$VALUE64"}')
end
LUA
cat > "$LUA/etcd-get.lua" <<LUA
math.randomseed(os.time())
local b64 = {}
request = function()
  local key = "bench/k" .. math.random(1000)
  if not b64[key] then b64[key] = io.popen("printf '%s' " .. key .. " | base64 -w0"):read("*a") end
  return wrk.format("POST", "/v3/kv/range", {["Content-Type"]="application/json"}, '{"key":"' .. b64[key] .. '"}')
end
LUA

run() { # label url script
  echo "== $1: wrk -t$THREADS -c$CONNECTIONS -d$DURATION $2"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$3" "$2" |
    grep -E 'Requests/sec|^ +50%|^ +99%|Non-2xx|Socket errors'
}

echo "== machine: $(nproc) cores; $(java -version 2>&1 | head -n 1); $(etcd --version | head -n 1)"

# The JVMs run with C2 (./cluster's default stops at C1 for a quick start) and are warmed up first: the JIT
# takes about a minute of load before the figures settle.
export CLUSTER_HOME="${CLUSTER_HOME:-$PWD/.cluster-bench}"
export CLUSTER_JAVA_OPTS="${CLUSTER_JAVA_OPTS:--Xms128m -Xmx512m -XX:+UseSerialGC}"
./cluster down --purge >/dev/null 2>&1 || true
./cluster up >/dev/null
LEADER=$(curl -fsS http://127.0.0.1:8081/api/node | sed -n 's/.*"leader":"participant-\([0-9]\)".*/\1/p')
FOLLOWER=$((LEADER % 3 + 1))
echo "== config store: leader participant-$LEADER; warming up for ${WARMUP}s"
for member in "$LEADER" "$FOLLOWER"; do # a follower forwards to the leader: that path needs its JIT too
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$((WARMUP / 3))s" -s "$LUA/store-put.lua" "http://127.0.0.1:808$member" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$((WARMUP / 6))s" -s "$LUA/store-get.lua" "http://127.0.0.1:808$member" >/dev/null
done
run "config store, writes at the leader" "http://127.0.0.1:808$LEADER" "$LUA/store-put.lua"
run "config store, linearizable reads at the leader" "http://127.0.0.1:808$LEADER" "$LUA/store-get.lua"
run "config store, writes at a follower" "http://127.0.0.1:808$FOLLOWER" "$LUA/store-put.lua"
run "config store, linearizable reads at a follower" "http://127.0.0.1:808$FOLLOWER" "$LUA/store-get.lua"
./cluster down --purge >/dev/null

CLUSTER="e1=http://127.0.0.1:23801,e2=http://127.0.0.1:23802,e3=http://127.0.0.1:23803"
for i in 1 2 3; do
  etcd --name "e$i" --data-dir "$ETCD_DIR/e$i" --listen-client-urls "http://127.0.0.1:2378$i" \
    --advertise-client-urls "http://127.0.0.1:2378$i" --listen-peer-urls "http://127.0.0.1:2380$i" \
    --initial-advertise-peer-urls "http://127.0.0.1:2380$i" --initial-cluster "$CLUSTER" \
    --initial-cluster-state new --log-level error > "$ETCD_DIR/e$i.log" 2>&1 &
done
ENDPOINTS=http://127.0.0.1:23781,http://127.0.0.1:23782,http://127.0.0.1:23783
for _ in $(seq 1 50); do
  ETCDCTL_API=3 etcdctl --endpoints="$ENDPOINTS" endpoint health >/dev/null 2>&1 && break
  sleep 0.2
done
ETCD_LEADER=$(ETCDCTL_API=3 etcdctl --endpoints="$ENDPOINTS" endpoint status -w simple |
  awk -F', ' '$5 == "true" {print $1}')
ETCD_FOLLOWER=$(printf '%s\n' ${ENDPOINTS//,/ } | grep -v -x "$ETCD_LEADER" | head -n 1)
echo "== etcd: leader $ETCD_LEADER; warming up for 10s"
wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$LUA/etcd-put.lua" "$ETCD_LEADER" >/dev/null
run "etcd, writes at the leader" "$ETCD_LEADER" "$LUA/etcd-put.lua"
run "etcd, linearizable reads at the leader" "$ETCD_LEADER" "$LUA/etcd-get.lua"
run "etcd, writes at a follower" "$ETCD_FOLLOWER" "$LUA/etcd-put.lua"
run "etcd, linearizable reads at a follower" "$ETCD_FOLLOWER" "$LUA/etcd-get.lua"
