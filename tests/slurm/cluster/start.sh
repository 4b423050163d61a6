#!/usr/bin/env bash
# Start a single-node SLURM cluster (munged, slurmctld, slurmd) whose files all live in STATE_DIR.
# Usage: start.sh STATE_DIR, then stop.sh STATE_DIR.
# /etc/slurm/slurm.conf and cgroup.conf are linked to the files in STATE_DIR (and only if no SLURM config is
# there already): inside a job the SLURM jobstep plugin drops every SLURM_* variable, SLURM_CONF included,
# before it calls srun, so srun only finds the configuration at its default path.
# Ports come from SLURMCTLD_PORT / SLURMD_PORT (defaults 6817 / 6818). Exits non-zero with the reason
# when a daemon does not come up (the caller stops whatever did start).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
state="$(mkdir -p "$1" && cd "$1" && pwd)"

for tool in munged slurmctld slurmd sbatch squeue sinfo scontrol; do
    command -v "$tool" >/dev/null || { echo "start.sh: '$tool' is not installed" >&2; exit 2; }
done
[ "$(id -u)" = 0 ] || { echo "start.sh: slurmd must run as root" >&2; exit 2; }
for conf in slurm.conf cgroup.conf; do
    if [ -e "/etc/slurm/$conf" ] || [ -L "/etc/slurm/$conf" ]; then
        echo "start.sh: /etc/slurm/$conf exists (a SLURM installation is configured here); not touching it" >&2
        exit 2
    fi
done

umask 077
mkdir -p "$state"/{munge,ctld,spool,log}
chmod 700 "$state"

# munge: a key made by hand, a private socket.
dd if=/dev/urandom of="$state/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$state/munge/munge.key"
munged --force --key-file="$state/munge/munge.key" --socket="$state/munge/munge.socket" \
    --pid-file="$state/munge/munged.pid" --log-file="$state/log/munged.log" \
    --seed-file="$state/munge/munged.seed"

host="$(hostname -s)"
cpus="$(nproc)"
# Leave 1 GiB of memory to the system.
mem_mb="$(awk '/^MemTotal:/ {print int($2 / 1024) - 1024}' /proc/meminfo)"
sed -e "s|@STATE@|$state|g" -e "s|@HOST@|$host|g" -e "s|@NODE@|$host|g" -e "s|@CPUS@|$cpus|g" \
    -e "s|@MEM_MB@|$mem_mb|g" -e "s|@CTLD_PORT@|${SLURMCTLD_PORT:-6817}|g" \
    -e "s|@SLURMD_PORT@|${SLURMD_PORT:-6818}|g" "$here/slurm.conf.in" > "$state/slurm.conf"
cp "$here/cgroup.conf" "$state/cgroup.conf"
chmod 644 "$state/slurm.conf" "$state/cgroup.conf"
mkdir -p /etc/slurm
ln -s "$state/slurm.conf" /etc/slurm/slurm.conf
ln -s "$state/cgroup.conf" /etc/slurm/cgroup.conf

slurmctld -c
slurmd

# Wait (at most 60 s) until the node accepts jobs.
for _ in $(seq 120); do
    node_state="$(sinfo -h -N -o %t 2>/dev/null | head -n1 || true)"
    case "$node_state" in
        idle|mix|alloc) echo "start.sh: SLURM up, node $host is $node_state"; exit 0 ;;
    esac
    sleep 0.5
done
echo "start.sh: node never became idle (last state: '${node_state:-none}'); logs in $state/log" >&2
tail -n 20 "$state"/log/*.log >&2 || true
exit 1
