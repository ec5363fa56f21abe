#!/usr/bin/env bash
# Transfers between accounts on two participants next to deposits on one participant, through the same path
# (the gateway, a coordinator, 2PC), with the same load generator: C concurrent connections (default 32),
# each request on random accounts out of 32 per participant so that lock conflicts stay rare.
#   bench/bank.sh                       # 20 s per run after a 5 s warm-up; DURATION, CONNECTIONS override
# Needs wrk (Debian: apt-get install wrk). Traffic goes to 127.0.0.1 only. Starts and stops ./cluster.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
GATEWAY=http://127.0.0.1:8080
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
LUA="$(mktemp -d)"
trap 'rm -rf "$LUA"' EXIT

echo "== machine: $(nproc) cores; $(java -version 2>&1 | head -n 1)"
./cluster down >/dev/null 2>&1 || true
./cluster up >/dev/null

echo "== creating accounts until participant-1 and participant-2 own 32 each"
declare -a ON1=() ON2=()
for ((n = 0; ${#ON1[@]} < 32 || ${#ON2[@]} < 32; n++)); do
  owner=$(curl -fsS -X POST "$GATEWAY/api/accounts" -H 'Content-Type: application/json' \
    -d "{\"id\":\"bench-$n\",\"balance\":1000000000}" | sed -E 's/.*"participant":"([^"]+)".*/\1/')
  case "$owner" in
    participant-1) ((${#ON1[@]} < 32)) && ON1+=("\"bench-$n\"") ;;
    participant-2) ((${#ON2[@]} < 32)) && ON2+=("\"bench-$n\"") ;;
  esac
done
join() { local IFS=,; echo "$*"; }

cat > "$LUA/transfer.lua" <<LUA
math.randomseed(os.time())
local a = {$(join "${ON1[@]}")}
local b = {$(join "${ON2[@]}")}
request = function()
  local from, to = a[math.random(#a)], b[math.random(#b)]
  if math.random(2) == 1 then from, to = to, from end
  return wrk.format("POST", "/api/transfers", {["Content-Type"]="application/json"},
    '{"from":"' .. from .. '","to":"' .. to .. '","amount":1}')
end
LUA
cat > "$LUA/deposit.lua" <<LUA
math.randomseed(os.time())
local a = {$(join "${ON1[@]}")}
request = function()
  return wrk.format("POST", "/api/transactions", {["Content-Type"]="application/json"},
    '{"operations":[{"account":"' .. a[math.random(#a)] .. '","delta":1}]}')
end
LUA

run() { # label script
  wrk -t"$THREADS" -c"$CONNECTIONS" -d5s -s "$2" "$GATEWAY" >/dev/null
  echo "== $1: wrk -t$THREADS -c$CONNECTIONS -d$DURATION (through the gateway)"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency -s "$2" "$GATEWAY" |
    grep -E 'requests in|Requests/sec|^ +50%|^ +99%|Non-2xx|Socket errors'
}
run "deposits, one participant" "$LUA/deposit.lua"
run "transfers, two participants" "$LUA/transfer.lua"
total=$(curl -fsS "$GATEWAY/api/accounts" | sed -E 's/.*"total":([0-9]+).*/\1/')
echo "== total of every account after the runs: $total (each opened with 10^9; deposits add 1 each)"
./cluster down >/dev/null
