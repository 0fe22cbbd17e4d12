#!/usr/bin/env bash
# A one-node Slurm on this machine, for testing the job-array path for real:
#   scripts/local-slurm.sh start   # munged + slurmctld + slurmd on loopback; prints the SLURM_CONF line
#   scripts/local-slurm.sh stop    # stops the daemons it started (by their pid files)
#   scripts/local-slurm.sh status
# Needs Debian's slurm-wlm and munge (scripts/install-test-deps.sh) and root (slurmd runs jobs
# as their submitting user). State, logs, the munge key and slurm.conf live under
# $REPRO_SLURM_DIR (default /tmp/repro-slurm); nothing under /etc is touched. Clients use
# `export SLURM_CONF=$REPRO_SLURM_DIR/slurm.conf`.
set -euo pipefail
dir="${REPRO_SLURM_DIR:-/tmp/repro-slurm}"
ctld_port="${REPRO_SLURM_PORT:-16817}"
slurmd_port=$((ctld_port + 1))
node="$(hostname -s)"
conf="$dir/slurm.conf"
export SLURM_CONF="$conf"

say() { echo "local-slurm: $*" >&2; }

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# Runs a daemon with no descriptor of ours but the log: a launcher that waits for its child's
# descriptors to close (a pipe, Foundation's Process) would otherwise wait for the daemon.
detach() {
  local log="$1"; shift
  (
    for fd in /proc/self/fd/*; do
      n="${fd##*/}"
      [ "$n" -gt 2 ] 2>/dev/null && { eval "exec $n>&-"; } 2>/dev/null
    done
    exec "$@" </dev/null >>"$log" 2>&1
  )
}

write_conf() {
  local cpus mem
  cpus="$(nproc)"
  mem="$(awk '/MemTotal/ { printf "%d", $2 / 1024 * 0.8 }' /proc/meminfo)"
  cat > "$conf" <<CONF
ClusterName=repro-local
SlurmctldHost=${node}(127.0.0.1)
SlurmctldPort=${ctld_port}
SlurmdPort=${slurmd_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=${dir}/munge/munge.socket
StateSaveLocation=${dir}/state
SlurmdSpoolDir=${dir}/spool
SlurmctldPidFile=${dir}/slurmctld.pid
SlurmdPidFile=${dir}/slurmd.pid
SlurmctldLogFile=${dir}/log/slurmctld.log
SlurmdLogFile=${dir}/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SwitchType=switch/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
Waittime=0
NodeName=${node} NodeAddr=127.0.0.1 NodeHostname=${node} CPUs=${cpus} RealMemory=${mem} State=UNKNOWN
PartitionName=local Nodes=${node} Default=YES MaxTime=INFINITE State=UP
CONF
}

start() {
  if running "$dir/slurmctld.pid" && running "$dir/slurmd.pid"; then
    say "already running (state in $dir)"; echo "export SLURM_CONF=$conf"; return 0
  fi
  [ "$(id -u)" -eq 0 ] || { say "must run as root (slurmd runs jobs as their user)"; exit 2; }
  for tool in munged slurmctld slurmd sinfo; do
    command -v "$tool" >/dev/null || { say "$tool not found: install slurm-wlm and munge (scripts/install-test-deps.sh)"; exit 2; }
  done
  mkdir -p "$dir"/{munge,state,spool,log}
  chmod 700 "$dir/munge"
  if [ ! -s "$dir/munge/munge.key" ]; then
    dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none
    chmod 400 "$dir/munge/munge.key"
  fi
  if ! running "$dir/munge/munged.pid"; then
    detach "$dir/log/munged.out" munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
      --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munged.seed"
  fi
  write_conf
  running "$dir/slurmctld.pid" || detach "$dir/log/slurmctld.out" slurmctld -f "$conf" -i
  running "$dir/slurmd.pid" || detach "$dir/log/slurmd.out" slurmd -f "$conf" -N "$node"
  # Wait for the node to register and be usable.
  for _ in $(seq 1 60); do
    state="$(sinfo -h -n "$node" -o %t 2>/dev/null || true)"
    case "$state" in
      idle*|mix*|alloc*) say "up: node $node $state (state in $dir)"; echo "export SLURM_CONF=$conf"; return 0 ;;
      down*|drain*) scontrol update nodename="$node" state=resume >/dev/null 2>&1 || true ;;
    esac
    sleep 1
  done
  say "the node did not come up; logs in $dir/log:"; tail -n 20 "$dir"/log/*.log >&2 || true
  exit 1
}

stop() {
  local pidfile
  for pidfile in "$dir/slurmd.pid" "$dir/slurmctld.pid" "$dir/munge/munged.pid"; do
    if running "$pidfile"; then
      pid="$(cat "$pidfile")"
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      # A daemon started with SIGTERM blocked (inherited from its launcher) ignores it.
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    fi
    rm -f "$pidfile"
  done
  say "stopped (state left in $dir; remove it to start afresh)"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) sinfo; squeue ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
