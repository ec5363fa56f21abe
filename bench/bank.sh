#!/usr/bin/env bash
# Transfers between accounts on two participants next to deposits on one participant, through the same path
# (the gateway, a coordinator, 2PC), with the same load generator: C concurrent connections (default 32),
# each request on random accounts out of PER_PARTICIPANT (default 300) per participant, so that lock
# conflicts (409, counted as Non-2xx) stay rare.
#   bench/bank.sh                       # 20 s per run after a 5 s warm-up; DURATION, CONNECTIONS override
# Needs wrk (Debian: apt-get install wrk). Traffic goes to 127.0.0.1 only. Starts and stops ./cluster.
# ./cluster bench bank measures the same next to the config store's writes in alternating rounds, with medians
# and the bank check, on a cluster of its own; this script stays for quick looks.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
PER_PARTICIPANT="${PER_PARTICIPANT:-300}"
GATEWAY=http://127.0.0.1:8080
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
LUA="$(mktemp -d)"
trap 'rm -rf "$LUA"' EXIT

echo "== machine: $(nproc) cores; $(java -version 2>&1 | head -n 1)"
./cluster down >/dev/null 2>&1 || true
./cluster up >/dev/null

echo "== creating accounts until participant-1 and participant-2 own $PER_PARTICIPANT each"
declare -a ON1=() ON2=()
RUN="$(date +%s)" # fresh account ids on every run
for ((batch = 0; ${#ON1[@]} < PER_PARTICIPANT || ${#ON2[@]} < PER_PARTICIPANT; batch++)); do
  while read -r id owner; do
    case "$owner" in
      participant-1) ((${#ON1[@]} < PER_PARTICIPANT)) && ON1+=("\"$id\"") ;;
      participant-2) ((${#ON2[@]} < PER_PARTICIPANT)) && ON2+=("\"$id\"") ;;
    esac
  done < <(seq $((batch * 100)) $((batch * 100 + 99)) | xargs -P 8 -I{} curl -fsS -w '\n' -X POST "$GATEWAY/api/accounts" \
    -H 'Content-Type: application/json' -d '{"id":"bench-'"$RUN"'-{}","balance":1000000000}' |
    sed -E 's/.*"id":"([^"]+)".*"participant":"([^"]+)".*/\1 \2/')
done
join() { local IFS=,; echo "$*"; }

cat > "$LUA/transfer.lua" <<LUA
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
-- each wrk thread its own random stream: identical streams would make the threads collide on every account
function init(args) math.randomseed(os.time() * 100 + id) end
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
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
-- each wrk thread its own random stream: identical streams would make the threads collide on every account
function init(args) math.randomseed(os.time() * 100 + id) end
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
