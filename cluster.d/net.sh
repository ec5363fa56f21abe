# Real network partitions for ./cluster (sourced by it): iptables DROP between instances, as Jepsen does,
# so a cut-off connection hangs until its timeout instead of failing fast.
#
# On loopback every connection leaves from 127.0.0.1 whatever address its server listens on, and JDK 17's
# HTTP client cannot bind a source address, so a rule cannot tell the sender by its address. It tells it by
# its cgroup instead: each instance starts inside its own cgroup v2 group (distlab/<cluster>/<name>), and a
# rule drops what a group sends to another instance's ports (a participant's peer port too). This needs root,
# iptables with the cgroup match and a writable cgroup v2 hierarchy; `./cluster net` says whether this machine
# has them.

cgroup2_root() { awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts; }

net_chain() { echo "DL-$(cut -c9-20 "$HOME_DIR/cluster-name")"; }

net_cgroup_rel() { echo "distlab/$(cat "$HOME_DIR/cluster-name")"; } # relative to the cgroup2 root

net_cgroup_dir() { echo "$(cgroup2_root)/$(net_cgroup_rel)/$1"; }

# iptables when real partitions are possible here, else in-process (fault injection in the services)
net_mode() {
  if [[ ${CLUSTER_NET:-auto} == in-process ]]; then echo in-process; return; fi
  local root probe
  root="$(cgroup2_root)"
  if [[ $(id -u) != 0 || -z $root || ! -w $root ]] || ! command -v iptables >/dev/null 2>&1; then
    echo in-process; return
  fi
  probe="$root/distlab-probe-$$"
  if mkdir -p "$probe" 2>/dev/null &&
     iptables -w -A OUTPUT -m cgroup --path "distlab-probe-$$" -p tcp -d 127.0.0.255 -j DROP 2>/dev/null; then
    iptables -w -D OUTPUT -m cgroup --path "distlab-probe-$$" -p tcp -d 127.0.0.255 -j DROP 2>/dev/null || true
    rmdir "$probe" 2>/dev/null || true
    echo iptables
  else
    rmdir "$probe" 2>/dev/null || true
    echo in-process
  fi
}

# Sets LAUNCHER to the command prefix that starts a process inside the instance's cgroup (empty in
# in-process mode). A socket keeps the cgroup it was opened in, so the process must be in it from the start.
net_launcher() {
  local name="$1" dir
  LAUNCHER=()
  [[ $NET_MODE == iptables ]] || return 0
  dir="$(net_cgroup_dir "$name")"
  mkdir -p "$dir"
  LAUNCHER=(bash -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$dir")
}

net_in_cgroup() { # whether the running instance was started inside its cgroup
  local pid
  pid="$(pid_of "$1")"
  [[ -n $pid ]] && grep -qx "0::/$(net_cgroup_rel)/$1" "/proc/$pid/cgroup" 2>/dev/null
}

net_ensure_chain() {
  local chain
  chain="$(net_chain)"
  iptables -w -N "$chain" 2>/dev/null || true
  iptables -w -C OUTPUT -j "$chain" 2>/dev/null || iptables -w -I OUTPUT -j "$chain"
}

cmd_partition() {
  load_topology
  (($# >= 2)) || die "partition needs at least two groups, e.g. ./cluster partition participant-1 participant-2,participant-3"
  NET_MODE="$(net_mode)"
  if [[ $NET_MODE != iptables ]]; then
    echo "cluster: real partitions need root, iptables with the cgroup match and cgroup v2 here;" \
      "use the services' fault injection instead (POST /actuator/faults, kind drop, on both sides)" >&2
    exit 3
  fi
  local groups=("$@") group name
  for group in "${groups[@]}"; do
    for name in ${group//,/ }; do
      check_name "$name"
      is_alive "$name" && ! net_in_cgroup "$name" &&
        die "$name was not started in its cgroup (started before real partitions were possible?): ./cluster restart $name"
    done
  done
  net_ensure_chain
  local chain i j a b port rules=0
  chain="$(net_chain)"
  for ((i = 0; i < ${#groups[@]}; i++)); do
    for ((j = 0; j < ${#groups[@]}; j++)); do
      ((i == j)) && continue
      for a in ${groups[i]//,/ }; do
        for b in ${groups[j]//,/ }; do
          for port in $(ports_of "$b"); do
            iptables -w -A "$chain" -m cgroup --path "$(net_cgroup_rel)/$a" -p tcp -d 127.0.0.1 \
              --dport "$port" -j DROP
            rules=$((rules + 1))
          done
        done
      done
    done
  done
  local shown
  shown="$(printf ' | %s' "${groups[@]}")"
  echo "partitioned: ${shown:3} ($rules iptables DROP rules in chain $chain; ./cluster heal removes them)"
}

cmd_heal() {
  load_topology
  [[ -s "$HOME_DIR/cluster-name" ]] || { echo "healed: no cluster here"; return 0; }
  local chain
  chain="$(net_chain)"
  if command -v iptables >/dev/null 2>&1 && iptables -w -L "$chain" -n >/dev/null 2>&1; then
    iptables -w -F "$chain"
    echo "healed: every partition rule removed (chain $chain)"
  else
    echo "healed: no partition rules"
  fi
}

net_partitions() { # the active rules, one "from -> to" per line
  [[ -s "$HOME_DIR/cluster-name" ]] || return 0
  command -v iptables >/dev/null 2>&1 || return 0
  iptables -w -S "$(net_chain)" 2>/dev/null |
    sed -n 's|.*--path "*[^ ]*/\([a-z0-9-]*\)"* .*--dport \([0-9]*\).*|\1 -> :\2|p' || true
}

# Removes the chain and the cgroups of stopped instances (on down)
net_cleanup() {
  [[ -s "$HOME_DIR/cluster-name" ]] || return 0
  local chain dir
  chain="$(net_chain)"
  if command -v iptables >/dev/null 2>&1 && iptables -w -L "$chain" -n >/dev/null 2>&1; then
    iptables -w -D OUTPUT -j "$chain" 2>/dev/null || true
    iptables -w -F "$chain" && iptables -w -X "$chain" || true
  fi
  dir="$(cgroup2_root)/$(net_cgroup_rel)"
  [[ -d $dir ]] && rmdir "$dir"/* "$dir" 2>/dev/null || true
}
