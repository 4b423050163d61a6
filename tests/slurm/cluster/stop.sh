#!/usr/bin/env bash
# Stop the cluster that start.sh started in STATE_DIR: cancel its jobs, then slurmd, slurmctld, munged.
# Safe to call twice or after a partial start.
set -uo pipefail
state="$(cd "$1" && pwd)" || exit 0
[ "$(readlink /etc/slurm/slurm.conf)" = "$state/slurm.conf" ] && scancel --quiet --full --user="$(id -un)"

stop_pidfile() {
    local pidfile="$1" pid
    [ -f "$pidfile" ] || return 0
    pid="$(cat "$pidfile")"
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 40); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.25
    done
    kill -KILL "$pid" 2>/dev/null || true
}

stop_pidfile "$state/slurmd.pid"
stop_pidfile "$state/slurmctld.pid"
stop_pidfile "$state/munge/munged.pid"

# Remove the /etc/slurm links only if they are ours.
for conf in slurm.conf cgroup.conf; do
    [ "$(readlink "/etc/slurm/$conf")" = "$state/$conf" ] && rm -f "/etc/slurm/$conf"
done
exit 0
