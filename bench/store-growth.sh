#!/usr/bin/env bash
# Grows the config store with unique keys (400-byte values, wrk -t2 -c32 straight at the leader) in rounds
# until writes are refused by its space quota (507), and prints, after each round, the keys, the bytes held,
# the write rate and each replica's heap. Meanwhile one follower is stopped once the store passes
# LAGGER_AT_MIB and started again at the end: it must catch up by fetching a snapshot. Then a follower is
# SIGKILLed at full size and restarted. Both report how long they took to be ready again.
#   bench/store-growth.sh              # ROUND (20s), LAGGER_AT_MIB (50), MAX_ROUNDS (20) override
# Needs wrk (Debian: apt-get install wrk) and python3. Traffic goes to 127.0.0.1 only. Its cluster's state
# lives in .cluster-growth/ (ignored by git) and is purged at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUND="${ROUND:-20s}"
LAGGER_AT_MIB="${LAGGER_AT_MIB:-50}"
MAX_ROUNDS="${MAX_ROUNDS:-20}"
export CLUSTER_HOME="$PWD/.cluster-growth"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
LUA="$(mktemp -d)"
trap 'rm -rf "$LUA"; ./cluster down --purge >/dev/null 2>&1 || true' EXIT

port() { echo $((8080 + $1)); }
node_field() { # participant field -> value from /api/node
  curl -fsS "127.0.0.1:$(port "$1")/api/node" | python3 -c "import json,sys; print(json.load(sys.stdin)['paxos']['$2'])"
}
heap_mib() {
  curl -fsS -H "Authorization: Bearer $(cat "$CLUSTER_HOME/token")" \
    "127.0.0.1:$(port "$1")/actuator/metrics/jvm.memory.used?tag=area:heap" |
    python3 -c "import json,sys; print(round(json.load(sys.stdin)['measurements'][0]['value']/1048576))" 2>/dev/null || echo '-'
}
metric() { # participant name -> value from /actuator/prometheus
  curl -fsS "127.0.0.1:$(port "$1")/actuator/prometheus" | awk -v m="$2" '$1 == m { printf "%d\n", $2 }'
}
caught_up() { # participant -> seconds until it applied what the leader had committed when asked
  local start=$SECONDS target
  target="$(node_field "$LEADER" commitIndex)"
  until (($(node_field "$1" appliedIndex 2>/dev/null || echo 0) >= target)); do
    ((SECONDS - start < 300)) || { echo "participant-$1 did not catch up in 300 s" >&2; exit 1; }
    sleep 0.2
  done
  echo $((SECONDS - start))
}
wait_ready() { # participant -> seconds until ready
  local start=$SECONDS
  until curl -fsS "127.0.0.1:$(port "$1")/actuator/health/readiness" >/dev/null 2>&1; do
    ((SECONDS - start < 300)) || { echo "participant-$1 not ready after 300 s" >&2; exit 1; }
    sleep 0.2
  done
  echo $((SECONDS - start))
}

echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(java -version 2>&1 | head -n 1)"
./cluster down --purge >/dev/null 2>&1 || true
./cluster up >/dev/null
LEADER=""
for i in 1 2 3; do [[ "$(node_field "$i" role)" == leader ]] && LEADER=$i; done
[[ -n "$LEADER" ]] || { echo "no leader" >&2; exit 1; }
FOLLOWERS=()
for i in 1 2 3; do [[ $i == "$LEADER" ]] || FOLLOWERS+=("$i"); done
LAGGER=${FOLLOWERS[0]} VICTIM=${FOLLOWERS[1]}
echo "== participant-$LEADER leads; participant-$LAGGER will lag, participant-$VICTIM will be SIGKILLed"

curl -fsS -o /dev/null -X PUT "127.0.0.1:$(port "$LEADER")/api/config/growth/first" \
  -H 'Content-Type: application/json' -d '{"value":"written before the store grew"}'
printf '%-6s %9s %10s %9s %8s %s\n' round keys store_MiB writes/s errors "heap MiB (p1 p2 p3)"
lagging=0
for ((round = 1; round <= MAX_ROUNDS; round++)); do
  cat > "$LUA/put.lua" <<LUA
local threads = 0
function setup(thread) threads = threads + 1; thread:set("id", threads) end
local counter = 0
local body = '{"value":"' .. string.rep("x", 400) .. '"}'
request = function()
  counter = counter + 1
  return wrk.format("PUT", "/api/config/growth/r$round-t" .. id .. "-" .. counter,
    {["Content-Type"]="application/json"}, body)
end
LUA
  out="$(wrk -t2 -c32 -d "$ROUND" -s "$LUA/put.lua" "http://127.0.0.1:$(port "$LEADER")")"
  rate="$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")"
  errors="$(awk '/Non-2xx/ {print $NF}' <<<"$out")"
  keys="$(node_field "$LEADER" revision)"
  bytes="$(metric "$LEADER" paxos_store_bytes)"
  heaps=""
  for i in 1 2 3; do heaps+="$(heap_mib "$i") "; done
  printf '%-6s %9s %10s %9s %8s %s\n' "$round" "$keys" $((bytes / 1048576)) "$rate" "${errors:-0}" "$heaps"
  if ((lagging == 0 && bytes >= LAGGER_AT_MIB * 1048576)); then
    ./cluster stop "participant-$LAGGER" >/dev/null
    lagging=1
    echo "   stopped participant-$LAGGER at $((bytes / 1048576)) MiB"
  fi
  if [[ "$(metric "$LEADER" paxos_store_quota_alarm)" == 1 ]]; then
    echo "== the quota alarm is up: writes are refused with 507"
    break
  fi
done

value="$(head -c 400 /dev/zero | tr '\0' y)"
code="$(curl -s -o /dev/null -w '%{http_code}' -X PUT "127.0.0.1:$(port "$LEADER")/api/config/growth/one-more" \
  -H 'Content-Type: application/json' -d "{\"value\":\"$value\"}")"
echo "== one more write: HTTP $code; a read: HTTP $(curl -s -o /dev/null -w '%{http_code}' \
  "127.0.0.1:$(port "$LEADER")/api/config/growth/first"); a delete: HTTP $(curl -s -o /dev/null -w '%{http_code}' \
  -X DELETE "127.0.0.1:$(port "$LEADER")/api/config/growth/first")"

if ((lagging == 1)); then
  ./cluster start "participant-$LAGGER" >/dev/null 2>&1 &
  secs="$(wait_ready "$LAGGER")"
  wait || true
  echo "== participant-$LAGGER (stopped since $LAGGER_AT_MIB MiB) ready after $secs s, caught up $(caught_up "$LAGGER") s later"
  grep -h 'Fetched the snapshot\|Caught up from' "$CLUSTER_HOME/logs/participant-$LAGGER.log" | sed 's/.*: /   /' || true
fi
./cluster kill "participant-$VICTIM" >/dev/null
./cluster start "participant-$VICTIM" >/dev/null 2>&1 &
secs="$(wait_ready "$VICTIM")"
wait || true
echo "== participant-$VICTIM SIGKILLed at full size, ready after $secs s, caught up $(caught_up "$VICTIM") s later; heap MiB now: $(for i in 1 2 3; do printf '%s ' "$(heap_mib "$i")"; done)"
grep -l "OutOfMemoryError" "$CLUSTER_HOME"/logs/*.log 2>/dev/null && echo "!! OutOfMemoryError in the logs above" || echo "== no OutOfMemoryError in any log"
