#!/usr/bin/env bash
# Writes/s and linearizable reads/s of the config store (3 replicas, fsync on) next to etcd 3.4 (3 members,
# fsync on) on this machine, with the same load generator (wrk, HTTP/1.1, keep-alive) and the same shape of
# load: C concurrent connections, 100-byte values, random keys out of 1000.
#   bench/config-store-vs-etcd.sh          # defaults: 32 connections, 20 s per run, after a 5 s warm-up
# Needs wrk and etcd (Debian: apt-get install wrk etcd-server). Traffic goes to 127.0.0.1 only.
# The store is measured straight at participant-1 (the gateway adds a hop; bench/gateway.sh measures that);
# etcd is measured at member 1 through its HTTP/JSON gateway (/v3/kv/put, /v3/kv/range).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
command -v etcd >/dev/null || { echo "etcd is missing: apt-get install etcd-server" >&2; exit 1; }
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
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$3" "$2" >/dev/null
  echo "== $1: wrk -t$THREADS -c$CONNECTIONS -d$DURATION $2"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$3" "$2" |
    grep -E 'Requests/sec|^ +50%|^ +99%|Non-2xx|Socket errors'
}

echo "== machine: $(nproc) cores; $(java -version 2>&1 | head -n 1); $(etcd --version | head -n 1)"

./cluster down >/dev/null 2>&1 || true
./cluster up >/dev/null
run "config store, writes" http://127.0.0.1:8081 "$LUA/store-put.lua"
run "config store, linearizable reads" http://127.0.0.1:8081 "$LUA/store-get.lua"
./cluster down >/dev/null

CLUSTER="e1=http://127.0.0.1:23801,e2=http://127.0.0.1:23802,e3=http://127.0.0.1:23803"
for i in 1 2 3; do
  etcd --name "e$i" --data-dir "$ETCD_DIR/e$i" --listen-client-urls "http://127.0.0.1:2378$i" \
    --advertise-client-urls "http://127.0.0.1:2378$i" --listen-peer-urls "http://127.0.0.1:2380$i" \
    --initial-advertise-peer-urls "http://127.0.0.1:2380$i" --initial-cluster "$CLUSTER" \
    --initial-cluster-state new --log-level error > "$ETCD_DIR/e$i.log" 2>&1 &
done
for _ in $(seq 1 50); do
  ETCDCTL_API=3 etcdctl --endpoints=http://127.0.0.1:23781 endpoint health >/dev/null 2>&1 && break
  sleep 0.2
done
run "etcd, writes" http://127.0.0.1:23781 "$LUA/etcd-put.lua"
run "etcd, linearizable reads" http://127.0.0.1:23781 "$LUA/etcd-get.lua"
