"""Atomic writes: an interrupted write leaves no output, and its leftovers are cleared by the next write."""

import os

import pytest
import yaml

from neuroai.common.atomic import atomic_path
from tests.workflow import ROOT


def test_a_failed_write_leaves_neither_output_nor_temporary_file(tmp_path):
    target = tmp_path / "table.parquet"
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("killed")
    assert list(tmp_path.iterdir()) == []


def test_a_killed_writers_leftover_is_removed_by_the_next_write(tmp_path):
    target = tmp_path / "table.parquet"
    leftover = tmp_path / f".table.parquet.tmp{os.getpid() + 1}.parquet"  # what SIGKILL mid-write leaves
    leftover.write_text("half")
    other = tmp_path / ".table.parquet2.tmp1.parquet"  # another output's temporary file is not touched
    other.write_text("x")
    with atomic_path(target) as tmp:
        tmp.write_text("whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, other.name])
    assert target.read_text() == "whole"


def test_every_local_run_redoes_jobs_that_were_cut_off():
    for profile in ("default", "local", "slurm"):
        assert yaml.safe_load((ROOT / "profiles" / profile / "config.yaml").read_text())["rerun-incomplete"] is True
