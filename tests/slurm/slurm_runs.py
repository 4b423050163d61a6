"""Running the workflow under Snakemake, locally or through `--executor slurm`, and fingerprinting outputs."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SLURM_PROFILE = REPO / "profiles" / "slurm"
LOCAL_PROFILE = REPO / "profiles" / "local"
TINY_BCI_CONFIG = REPO / "tests" / "bci" / "tiny_config.yaml"
# Matplotlib stamps PDFs with the creation time unless SOURCE_DATE_EPOCH is set (reproducible-builds
# convention); SLURM passes it on to the jobs (`sbatch --export=ALL`).
REPRODUCIBLE_ENV = {**os.environ, "SOURCE_DATE_EPOCH": "0"}

# What the test cluster needs on top of the project's SLURM profile: it has no accounting database, so no
# account and `squeue` (finished jobs stay visible for MinJobAge=600 s) instead of `sacct`; tiny jobs, so the
# first status check comes after 1 s instead of 40 s.
TEST_CLUSTER_FLAGS = [
    "--slurm-no-account",
    "--slurm-status-command", "squeue",
    "--slurm-init-seconds-before-status-checks", "1",
]


def snakemake_command(*args: str) -> list[str]:
    """`snakemake ARGS` with this interpreter, so the SLURM jobs find the same environment."""
    return [sys.executable, "-m", "snakemake", *args]


def slurm_command(*args: str) -> list[str]:
    """Snakemake through the project's SLURM profile on the test cluster."""
    return snakemake_command("--workflow-profile", str(SLURM_PROFILE), *TEST_CLUSTER_FLAGS, *args)


def run(command: list[str], timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=REPRODUCIBLE_ENV)


def file_hashes(root: Path) -> dict[str, str]:
    """SHA-256 of every file under `root`, keyed by path relative to `root`."""
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*")) if path.is_file()}


def tiny_bci_args(workdir: Path) -> list[str]:
    """Snakemake arguments for every BCI output on the tiny BCI config, run in `workdir`."""
    # The target first: `--configfile` takes every argument after it.
    return ["bci", "--snakefile", str(REPO / "Snakefile"), "--directory", str(workdir),
            "--configfile", str(TINY_BCI_CONFIG)]
