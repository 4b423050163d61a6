"""The tiny BCI run through `--executor slurm` on a real cluster, killed mid-run and resumed, gives
byte-identical outputs to a local `--cores 2` run."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest
from tests.slurm.slurm_runs import (LOCAL_PROFILE, REPRODUCIBLE_ENV, file_hashes, run, slurm_command, snakemake_command,
                        tiny_bci_args)

pytestmark = pytest.mark.xdist_group("slurm")


def _steps_done(output: str) -> int:
    """Jobs a Snakemake run finished, from its last 'N of M steps' line."""
    return int(re.findall(r"(\d+) of \d+ steps", output)[-1])


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for {what}")
        time.sleep(0.5)


def _slurm_jobs_left() -> list[str]:
    return subprocess.run(["squeue", "-h", "-t", "PD,R,CG", "-o", "%i"], capture_output=True, text=True,
                          check=True).stdout.split()


@pytest.fixture(scope="module")
def local_run(tmp_path_factory) -> tuple[Path, int]:
    """The tiny BCI config run locally on 2 cores: (workdir, number of jobs)."""
    workdir = tmp_path_factory.mktemp("bci-local")
    result = run(snakemake_command("--workflow-profile", str(LOCAL_PROFILE), "--cores", "2",
                                   *tiny_bci_args(workdir)))
    assert result.returncode == 0, result.stderr[-3000:]
    return workdir, _steps_done(result.stderr)


def test_killed_and_resumed_slurm_run_matches_local_run(slurm_cluster, local_run, tmp_path):
    local_dir, n_jobs = local_run
    command = slurm_command(*tiny_bci_args(tmp_path))

    # Start on the cluster; kill Snakemake (SIGKILL, no clean-up) as soon as its first job has finished.
    console = tmp_path.parent / f"{tmp_path.name}-first-attempt.log"
    with console.open("w") as sink:
        first = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=REPRODUCIBLE_ENV,
                                 start_new_session=True)
        try:
            _wait_for(lambda: "Finished jobid" in console.read_text() or first.poll() is not None, 300,
                      "the first SLURM job to finish")
        finally:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
    assert first.returncode == -signal.SIGKILL, f"Snakemake ended before it was killed:\n{console.read_text()}"
    assert not (tmp_path / "results" / "bci" / "stats" / "summary.md").exists()

    # What a user does after a crash (README): cancel the orphaned jobs, unlock, rerun the same command.
    subprocess.run(["scancel", "--full", f"--user={os.getuid()}"], check=True)
    _wait_for(lambda: not _slurm_jobs_left(), 60, "the cancelled jobs to leave the queue")
    unlocked = run(command + ["--unlock"])
    assert unlocked.returncode == 0, unlocked.stderr[-3000:]
    resumed = run(command)
    assert resumed.returncode == 0, resumed.stderr[-5000:]

    # The resumed run kept the finished work and did only the rest.
    assert 0 < _steps_done(resumed.stderr) < n_jobs
    assert "slurm" in resumed.stderr.lower() and "has been submitted with SLURM jobid" in resumed.stderr

    # Same files; every table, summary and PNG figure byte-identical (PDFs carry creation metadata, so they are
    # compared by presence).
    local, on_slurm = file_hashes(local_dir / "results"), file_hashes(tmp_path / "results")
    assert any(name.endswith(".pdf") for name in local) and "bci/stats/summary.md" in local
    assert on_slurm.keys() == local.keys()
    data = [name for name in local if not name.endswith(".pdf")]
    assert len(data) > 20 and any(name.endswith(".png") for name in data)
    assert [name for name in data if on_slurm[name] != local[name]] == []
