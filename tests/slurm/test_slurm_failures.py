"""A job that fails on the SLURM cluster is retried per `retries:` and reported with its SLURM log path."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from tests.slurm.slurm_runs import run, slurm_command

FLAKY_WORKFLOW = Path(__file__).resolve().parent / "flaky_workflow" / "Snakefile"

pytestmark = pytest.mark.xdist_group("slurm")


def test_failed_jobs_are_retried_and_reported_with_their_slurm_log(slurm_cluster, tmp_path):
    shutil.copy(FLAKY_WORKFLOW, tmp_path / "Snakefile")
    result = run(slurm_command("--snakefile", str(tmp_path / "Snakefile"), "--directory", str(tmp_path),
                                    "--retries", "1"))
    output = result.stdout + result.stderr

    assert result.returncode != 0, "a rule that always fails must fail the run"
    # `flaky` failed once on the cluster, then the retry (attempt 2) produced its output.
    assert (tmp_path / "flaky.txt").read_text().strip() == "done on attempt 2"
    assert not (tmp_path / "broken.txt").exists()

    # Every failure is reported together with the SLURM log of the job, and that log exists.
    reported = {Path(p) for p in re.findall(r"log: .*?(/\S+/slurm_logs/rule_\w+/\d+\.log) \(check log", output)}
    by_rule = {rule: sorted(p for p in reported if p.parent.name == f"rule_{rule}") for rule in ("flaky", "broken")}
    assert len(by_rule["flaky"]) == 1, output     # only attempt 1 failed
    assert len(by_rule["broken"]) == 2, output    # attempt 1 and the retry
    assert all(path.is_file() for path in reported)
    assert all("broken on purpose" in path.read_text() for path in by_rule["broken"])
