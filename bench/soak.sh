#!/usr/bin/env bash
# Soak: MINUTES (default 30) of transfers at the benchmark's rate (wrk, CONNECTIONS=32 through the gateway, as
# bench/bank.sh drives them) with a SIGKILL every KILL_EVERY minutes (default 3) of one instance in rotation
# (participant-1, participant-2, participant-3, coordinator-1), restarted DOWN_FOR seconds later. Every request
# carries a unique Idempotency-Key, so every transfer leaves an idempotency record, a decision and history and
# branch rows: the record classes that must be collected. Load runs in one-minute wrk chunks; after each chunk
# the script samples and prints one row: transfers/s, non-2xx and socket errors, config store keys (total, tx/,
# bank/idempotency/, bank/accounts/, other), each participant's Paxos directory (WAL segments and snapshots),
# each H2 file (the participants' bank, the coordinator's history) and each process's heap after a full GC.
# The figures must level off once the retentions below have passed. At the end the bank must be exact: the
# total of every account equals what was opened, no branch is left PREPARED and none is HEURISTIC.
#
#   bench/soak.sh                          # 30 one-minute chunks, a kill every 3 minutes
#   MINUTES=4 KILL_EVERY=1 bench/soak.sh   # a short trial that kills each of the four once (KILL_EVERY=0: no kills)
#
# Retentions are scaled down so that the plateau shows within the run (the defaults of the services are 1h/10m);
# override any of them with the same environment variable, which ./cluster hands to every process (coordinator
# and participants both read the platform.bank prefix):
#   PLATFORM_BANK_IDEMPOTENCYRETENTION (5m)   PLATFORM_BANK_IDEMPOTENCYMAXRECORDS (service default, 50000)
#   PLATFORM_BANK_DECISIONRETENTION (2m)      PLATFORM_BANK_HISTORYRETENTION (5m)
#   PLATFORM_BANK_BRANCHRETENTION (5m)        PLATFORM_BANK_RETENTIONSWEEPINTERVAL (30s)
#   PLATFORM_BANK_BRANCHSWEEPINTERVAL (30s)
# Other knobs: CONNECTIONS (32), THREADS (2), PER_PARTICIPANT (300 accounts each on participant-1 and -2),
# KILL_AT (20: seconds into a kill minute), DOWN_FOR (5 s), WRK_TIMEOUT (10s).
# KEEP_LOGS=1 keeps the instances' logs in target/soak-logs/.
# Exit status: 0 if the bank is exact at the end, 1 otherwise (the logs are then kept in target/soak-logs/).
# Needs wrk (Debian: apt-get install wrk), python3, and jcmd/jstat of the JDK. Traffic goes to 127.0.0.1 only.
# Its cluster's state lives in .cluster-soak/ (ignored by git) and is purged at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES="${MINUTES:-30}"
KILL_EVERY="${KILL_EVERY:-3}"
KILL_EVERY="${KILL_EVERY%m}" # "3m" and "3" both mean every third minute
CONNECTIONS="${CONNECTIONS:-32}"
THREADS="${THREADS:-2}"
PER_PARTICIPANT="${PER_PARTICIPANT:-300}"
KILL_AT="${KILL_AT:-20}"
DOWN_FOR="${DOWN_FOR:-5}"
WRK_TIMEOUT="${WRK_TIMEOUT:-10s}"
BALANCE=1000000000
[[ $MINUTES =~ ^[1-9][0-9]*$ ]] || { echo "MINUTES must be a positive whole number" >&2; exit 2; }
[[ $KILL_EVERY =~ ^[0-9]+$ ]] || { echo "KILL_EVERY is in whole minutes (0: no kills)" >&2; exit 2; }
export PLATFORM_BANK_IDEMPOTENCYRETENTION="${PLATFORM_BANK_IDEMPOTENCYRETENTION:-5m}"
export PLATFORM_BANK_DECISIONRETENTION="${PLATFORM_BANK_DECISIONRETENTION:-2m}"
export PLATFORM_BANK_HISTORYRETENTION="${PLATFORM_BANK_HISTORYRETENTION:-5m}"
export PLATFORM_BANK_BRANCHRETENTION="${PLATFORM_BANK_BRANCHRETENTION:-5m}"
export PLATFORM_BANK_RETENTIONSWEEPINTERVAL="${PLATFORM_BANK_RETENTIONSWEEPINTERVAL:-30s}"
export PLATFORM_BANK_BRANCHSWEEPINTERVAL="${PLATFORM_BANK_BRANCHSWEEPINTERVAL:-30s}"
export CLUSTER_HOME="$PWD/.cluster-soak"
GATEWAY=http://127.0.0.1:8080
VICTIMS=(participant-1 participant-2 participant-3 coordinator-1)
PROCESSES=(gateway coordinator-1 participant-1 participant-2 participant-3)
for tool in wrk python3 jcmd jstat curl; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (wrk: apt-get install wrk; jcmd/jstat: a JDK)" >&2; exit 1; }
done
SCRATCH="$(mktemp -d)"
WRK_PID=""
cleanup() {
  [[ -n $WRK_PID ]] && kill "$WRK_PID" 2>/dev/null || true
  rm -rf "$SCRATCH"
  ./cluster down --purge >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

settings() {
  echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); $(java -version 2>&1 | head -n 1)"
  echo "== settings: MINUTES=$MINUTES KILL_EVERY=${KILL_EVERY}m (rotation ${VICTIMS[*]}; KILL_AT=${KILL_AT}s DOWN_FOR=${DOWN_FOR}s)" \
    "wrk -t$THREADS -c$CONNECTIONS --timeout $WRK_TIMEOUT, $PER_PARTICIPANT accounts on each of participant-1/2"
  echo "== retentions (scaled down from 1h/10m so that the plateau shows; env overrides):" \
    "idempotency $PLATFORM_BANK_IDEMPOTENCYRETENTION (cap ${PLATFORM_BANK_IDEMPOTENCYMAXRECORDS:-50000 default})," \
    "decision $PLATFORM_BANK_DECISIONRETENTION, history $PLATFORM_BANK_HISTORYRETENTION," \
    "branch $PLATFORM_BANK_BRANCHRETENTION, sweeps $PLATFORM_BANK_RETENTIONSWEEPINTERVAL/$PLATFORM_BANK_BRANCHSWEEPINTERVAL" \
    "(coordinator/participants)"
  echo "== JVM: ${CLUSTER_JAVA_OPTS:-./cluster default (-Xmx512m, serial GC)}"
}

token() { cat "$CLUSTER_HOME/token"; }
port_of() {
  case "$1" in
    participant-*) echo $((8080 + ${1#participant-})) ;;
    coordinator-*) echo $((8090 + ${1#coordinator-})) ;;
    gateway) echo 8080 ;;
  esac
}
mib() { awk -v b="${1:-0}" 'BEGIN { printf "%.1f", b / 1048576 }'; }
size_of() { du -sb "$1" 2>/dev/null | awk '{print $1}' || echo 0; }

# config store keys by class, from the first participant that answers: "total tx idempotency accounts other"
store_keys() {
  local i round
  # a replica answers 503 while the store elects a leader after a kill: ask the others, then again a bit later
  for round in 1 2 3; do
    for i in 1 2 3; do
      curl -fsS -m 60 "127.0.0.1:$(port_of "participant-$i")/api/config?prefix=" 2>/dev/null | python3 -c '
import json, sys
keys = [e["key"] for e in json.load(sys.stdin)["entries"]]
tx = sum(k.startswith("tx/") for k in keys)
idem = sum(k.startswith("bank/idempotency/") for k in keys)
acc = sum(k.startswith("bank/accounts/") for k in keys)
print(len(keys), tx, idem, acc, len(keys) - tx - idem - acc)' 2>/dev/null && return 0
    done
    ((round < 3)) && sleep 5
  done
  echo "- - - - -"
}

# heap used after a full GC, in MiB: GC.run, then the used parts of the survivor, eden and old spaces
heap_after_gc() {
  local pid
  pid="$(cat "$CLUSTER_HOME/pids/$1.pid" 2>/dev/null)" || { echo -; return; }
  kill -0 "$pid" 2>/dev/null || { echo dead; return; }
  jcmd "$pid" GC.run >/dev/null 2>&1 || { echo -; return; }
  jstat -gc "$pid" 2>/dev/null | awk '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    NR == 2 { printf "%.0f\n", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024 }' || echo -
}

# one sample: "keys... paxos(p1 p2 p3) h2(p1 p2 p3 c1) heap(gw c1 p1 p2 p3)"
sample() {
  local out i name
  out="$(store_keys)"
  for i in 1 2 3; do out+=" $(mib "$(size_of "$CLUSTER_HOME/data/participant-$i/paxos")")"; done
  for i in 1 2 3; do out+=" $(mib "$(size_of "$CLUSTER_HOME/data/participant-$i/bank/bank.mv.db")")"; done
  out+=" $(mib "$(size_of "$CLUSTER_HOME/data/coordinator-1/coordinator/coordinator.mv.db")")"
  for name in "${PROCESSES[@]}"; do out+=" $(heap_after_gc "$name")"; done
  echo "$out"
}

HEADER=(min "t s" "transfers/s" non-2xx "non-2xx by status" "sock err" keys "tx/" "bank/idempotency/" "bank/accounts/" other
  "paxos p1 MiB" "paxos p2 MiB" "paxos p3 MiB" "H2 p1 MiB" "H2 p2 MiB" "H2 p3 MiB" "H2 c1 MiB"
  "heap gw MiB" "heap c1 MiB" "heap p1 MiB" "heap p2 MiB" "heap p3 MiB" event)
ROWS=()
FORMAT='%-3s %5s %11s %7s %-17s %8s %7s %7s %8s %7s %5s %8s %8s %8s %6s %6s %6s %6s %7s %7s %7s %7s %7s  %s\n'
print_row() { # fields...
  # shellcheck disable=SC2059
  printf "$FORMAT" "$@"
}
record_row() { # minute elapsed rate non2xx by-status errors event -- then the sample's fields
  local event="$7" fields
  read -r -a fields <<<"$8"
  local row=("$1" "$2" "$3" "$4" "$5" "$6" "${fields[@]}" "${event:--}")
  ROWS+=("$(IFS='|'; echo "${row[*]}")")
  print_row "${row[@]}"
}

settings
./cluster down --purge >/dev/null 2>&1 || true
echo "== starting the cluster in $CLUSTER_HOME"
./cluster up >/dev/null

echo "== creating accounts until participant-1 and participant-2 own $PER_PARTICIPANT each ($BALANCE each)"
declare -a ON1=() ON2=()
RUN="$(date +%s)"
CREATED=0
for ((batch = 0; ${#ON1[@]} < PER_PARTICIPANT || ${#ON2[@]} < PER_PARTICIPANT; batch++)); do
  while read -r id owner; do
    CREATED=$((CREATED + 1))
    case "$owner" in
      participant-1) ((${#ON1[@]} < PER_PARTICIPANT)) && ON1+=("\"$id\"") ;;
      participant-2) ((${#ON2[@]} < PER_PARTICIPANT)) && ON2+=("\"$id\"") ;;
    esac
  done < <(seq $((batch * 100)) $((batch * 100 + 99)) | xargs -P 8 -I{} curl -fsS -w '\n' -X POST "$GATEWAY/api/accounts" \
    -H 'Content-Type: application/json' -d '{"id":"soak-'"$RUN"'-{}","balance":'"$BALANCE"'}' |
    sed -E 's/.*"id":"([^"]+)".*"participant":"([^"]+)".*/\1 \2/')
done
EXPECTED=$((CREATED * BALANCE))

accounts_total() { # the total of one consistent snapshot; a snapshot may answer 503 while branches drain
  local i total
  for ((i = 0; i < 30; i++)); do
    total="$(curl -fsS -m 30 "$GATEWAY/api/accounts" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])' 2>/dev/null)" &&
      { echo "$total"; return 0; }
    sleep 2
  done
  echo "unavailable"
}
START_TOTAL="$(accounts_total)"
echo "== $CREATED accounts opened, total $START_TOTAL (expected $EXPECTED)"

join() { local IFS=,; echo "$*"; }
cat > "$SCRATCH/transfer.lua.in" <<LUA
local threads = {}
function setup(thread) table.insert(threads, thread); thread:set("id", #threads) end
-- each wrk thread its own random stream: identical streams would make the threads collide on every account
function init(args) math.randomseed(os.time() * 100 + id); counter = 0; codes = {} end
local a = {$(join "${ON1[@]}")}
local b = {$(join "${ON2[@]}")}
request = function()
  local from, to = a[math.random(#a)], b[math.random(#b)]
  if math.random(2) == 1 then from, to = to, from end
  counter = counter + 1
  -- a key per request, never reused: every transfer leaves its own idempotency record
  return wrk.format("POST", "/api/transfers", {["Content-Type"]="application/json",
    ["Idempotency-Key"]=prefix .. id .. "-" .. counter},
    '{"from":"' .. from .. '","to":"' .. to .. '","amount":1}')
end
function response(status, headers, body) codes[status] = (codes[status] or 0) + 1 end
-- one line for the script: answers that are 2xx, the others, and the others by status
function done(summary, latency, requests)
  local ok, other, by = 0, 0, {}
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("codes")) do
      if status >= 200 and status < 300 then ok = ok + n else other = other + n; by[status] = (by[status] or 0) + n end
    end
  end
  local parts = {}
  for status, n in pairs(by) do table.insert(parts, status .. "x" .. n) end
  table.sort(parts)
  io.write(string.format("SOAK %d %d %.1f %s\\n", ok, other, summary.duration / 1e6,
    #parts > 0 and table.concat(parts, ",") or "-"))
end
LUA
echo "== one row per minute: wrk chunk, then a sample (store keys, Paxos dir = WAL + snapshots, H2 files, heap after GC)"
print_row "${HEADER[@]}"
LOAD_START=$SECONDS
record_row 0 0 - - - - "accounts opened" "$(sample)"
kills=0
for ((minute = 1; minute <= MINUTES; minute++)); do
  # a fresh key prefix per chunk (wrk restarts its counters)
  { echo "local prefix = \"soak-$RUN-m$minute-t\""; cat "$SCRATCH/transfer.lua.in"; } > "$SCRATCH/transfer.lua"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d60s --timeout "$WRK_TIMEOUT" -s "$SCRATCH/transfer.lua" "$GATEWAY" \
    > "$SCRATCH/wrk.out" 2>&1 &
  WRK_PID=$!
  event=""
  if ((KILL_EVERY > 0 && minute % KILL_EVERY == 0)); then
    victim="${VICTIMS[$((kills % ${#VICTIMS[@]}))]}"
    kills=$((kills + 1))
    sleep "$KILL_AT"
    ./cluster kill "$victim" >/dev/null || echo "!! $victim was not running" >&2
    echo "   $(date +%T) SIGKILLed $victim under load (minute $minute, ${KILL_AT}s in); starting it in ${DOWN_FOR}s"
    sleep "$DOWN_FOR"
    start=$SECONDS
    if ! ./cluster start "$victim" > "$SCRATCH/start.out" 2>&1; then
      cat "$SCRATCH/start.out" >&2
      echo "!! $victim did not come back" >&2
      VERDICT_FAIL=1
      break
    fi
    echo "   $(date +%T) $victim ready again after $((SECONDS - start)) s"
    event="kill $victim"
  fi
  wait "$WRK_PID" || true
  WRK_PID=""
  # SOAK <2xx> <other answers> <seconds> <other answers by status>
  read -r _ ok other secs by < <(grep '^SOAK ' "$SCRATCH/wrk.out" || echo "SOAK 0 0 60 -")
  errors="$(sed -nE 's/.*Socket errors: connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+).*/\1 \2 \3 \4/p' \
    "$SCRATCH/wrk.out" | awk '{print $1 + $2 + $3 + $4}')"
  rate="$(awk -v n="$ok" -v s="$secs" 'BEGIN { printf "%d", (s > 0 ? n / s : 0) }')"
  record_row "$minute" $((SECONDS - LOAD_START)) "$rate" "$other" "$by" "${errors:-0}" "$event" "$(sample)"
done

echo "== load stopped; waiting for every instance to be ready and every branch to end"
for name in "${PROCESSES[@]}"; do
  for ((i = 0; i < 120; i++)); do
    curl -fsS -m 2 -o /dev/null "127.0.0.1:$(port_of "$name")/actuator/health/readiness" 2>/dev/null && break
    sleep 1
  done
done
branches() { # state -> number of branches in that state over the three participants
  local i n sum=0
  for i in 1 2 3; do
    n="$(curl -fsS -m 10 -H "Authorization: Bearer $(token)" \
      "127.0.0.1:$(port_of "participant-$i")/internal/bank/transactions?state=$1" 2>/dev/null |
      python3 -c 'import json,sys; print(len(json.load(sys.stdin)["branches"]))' 2>/dev/null)" || { echo "unavailable"; return; }
    sum=$((sum + n))
  done
  echo "$sum"
}
for ((i = 0; i < 60; i++)); do
  prepared="$(branches PREPARED)"
  [[ $prepared == 0 ]] && break
  sleep 1
done
heuristic="$(branches HEURISTIC)"
END_TOTAL="$(accounts_total)"
record_row end $((SECONDS - LOAD_START)) - - - - "settled" "$(sample)"

echo
echo "== the table in Markdown"
printf '|'; for h in "${HEADER[@]}"; do printf ' %s |' "$h"; done; echo
printf '|'; for _ in "${HEADER[@]}"; do printf -- ' --: |'; done; echo
for row in "${ROWS[@]}"; do echo "| ${row//|/ | } |"; done
echo
settings
# what the collectors say they removed, from the logs (the instances log each sweep that removed something)
sum_logged() { # pattern with one number in it, log names... -> the sum of that number over those logs
  local pattern="$1"
  shift
  (cd "$CLUSTER_HOME/logs" && cat "$@" 2>/dev/null) | grep -oE "$pattern" | grep -oE '[0-9]+' | awk '{s += $1} END {print s + 0}'
}
echo "== collected (from the logs): decisions $(sum_logged 'Retention: removed [0-9]+ decisions' coordinator-1.log)," \
  "idempotency records $(sum_logged 'Retention: removed [0-9]+ idempotency' coordinator-1.log)," \
  "history rows $(sum_logged 'Retention: removed [0-9]+ transactions' coordinator-1.log)," \
  "branch records $(sum_logged 'Deleted [0-9]+ finished branch' participant-1.log participant-2.log participant-3.log);" \
  "failed sweeps: $(grep -c 'Retention: removing' "$CLUSTER_HOME/logs/coordinator-1.log" 2>/dev/null || true)"
[[ -z ${KEEP_LOGS:-} ]] || { mkdir -p target/soak-logs && cp "$CLUSTER_HOME"/logs/*.log target/soak-logs/ && echo "== logs kept in target/soak-logs/"; }
ooms="$(grep -l "OutOfMemoryError" "$CLUSTER_HOME"/logs/*.log 2>/dev/null | xargs -r -n1 basename | tr '\n' ' ' || true)"
[[ -z $ooms ]] || echo "!! OutOfMemoryError in: $ooms"
verdict="total $END_TOTAL, opened $EXPECTED; PREPARED left: $prepared; HEURISTIC: $heuristic; $kills kills"
if [[ $END_TOTAL == "$EXPECTED" && $prepared == 0 && $heuristic == 0 && -z ${VERDICT_FAIL:-} && -z $ooms ]]; then
  echo "== VERDICT: exact ($verdict)"
else
  mkdir -p target/soak-logs && cp "$CLUSTER_HOME"/logs/*.log target/soak-logs/ 2>/dev/null || true
  echo "== VERDICT: NOT exact ($verdict); logs kept in target/soak-logs/"
  exit 1
fi
