"""A real single-node SLURM cluster (munged, slurmctld, slurmd) for the tests in this folder.

Started once from `cluster/start.sh`, always stopped by `cluster/stop.sh`. Where it cannot start (not root,
SLURM not installed, a SLURM already configured here) the tests are skipped with the reason; in CI as root
(`CI=true`, where `.ci/run` installs SLURM first) that is a failure instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

CLUSTER_SCRIPTS = Path(__file__).resolve().parent / "cluster"


def _must_run() -> bool:
    return os.environ.get("CI") == "true" and os.geteuid() == 0


@pytest.fixture(scope="session")
def slurm_cluster() -> Iterator[Path]:
    """The state directory of a running cluster (its slurm.conf, daemon logs and munge socket)."""
    # A short path: the munge socket lives here and Unix socket paths are limited to 108 bytes.
    state = Path(tempfile.mkdtemp(prefix="neuroai-slurm-"))
    try:
        started = subprocess.run(["bash", str(CLUSTER_SCRIPTS / "start.sh"), str(state)],
                                 capture_output=True, text=True, timeout=120)
        if started.returncode != 0:
            reason = f"SLURM could not be started: {(started.stderr or started.stdout).strip()}"
            if _must_run():
                pytest.fail(reason)
            pytest.skip(reason)
        yield state
    finally:
        subprocess.run(["bash", str(CLUSTER_SCRIPTS / "stop.sh"), str(state)],
                       capture_output=True, text=True, timeout=120)
        shutil.rmtree(state, ignore_errors=True)
