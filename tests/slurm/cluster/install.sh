#!/usr/bin/env bash
# Install Debian's SLURM (slurmctld, slurmd, client) and munge. Needs root; CI calls it, users may call it.
set -euo pipefail
if [ "$(id -u)" != 0 ]; then
    echo "install.sh: installing SLURM needs root" >&2
    exit 1
fi
if command -v slurmctld >/dev/null && command -v slurmd >/dev/null && command -v sbatch >/dev/null \
        && command -v munged >/dev/null; then
    echo "install.sh: SLURM and munge already installed"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq slurmctld slurmd slurm-client munge
