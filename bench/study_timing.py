"""Shared by the study benchmarks: one clean `snakemake --cores N STUDY` run and its per-rule costs."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def timed_snakemake(workdir: Path, *args: str, configs: list[str] | tuple[str, ...] = ()) -> tuple[float, str]:
    """Run `snakemake -s <project>/Snakefile --directory workdir ARGS [--configfile CONFIGS]`: seconds and stdout."""
    cmd = [str(Path(sys.executable).parent / "snakemake"), "-s", str(ROOT / "Snakefile"), "--directory",
           str(workdir), *args]
    cmd += ["--configfile", *configs] if configs else []
    start = time.perf_counter()
    done = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True)
    return time.perf_counter() - start, done.stdout


def rule_costs(workdir: Path, study: str) -> pd.DataFrame:
    """Jobs, summed CPU seconds, summed and max wall seconds, and peak RSS (MB) per rule of `study`, from the
    Snakemake benchmark files under `workdir/benchmarks/<study>/<rule>/...`."""
    rows = []
    for tsv in (workdir / "benchmarks" / study).rglob("*.tsv"):
        b = pd.read_csv(tsv, sep="\t").iloc[0]
        rule = tsv.relative_to(workdir / "benchmarks" / study).parts[0].removesuffix(".tsv")
        rows.append({"rule": rule, "s": b["s"], "cpu_time": b["cpu_time"], "max_rss": b["max_rss"]})
    return pd.DataFrame(rows).groupby("rule").agg(
        jobs=("s", "size"), cpu_s=("cpu_time", "sum"), wall_s=("s", "sum"), max_wall_s=("s", "max"),
        peak_rss_mb=("max_rss", "max")).round(1)


def study_parser(description: str) -> argparse.ArgumentParser:
    """Command-line options every study benchmark takes: --cores, --configfile, --keep."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--cores", default="2")
    parser.add_argument("--configfile", default=None)
    parser.add_argument("--keep", default=None, help="work directory to keep (default: a temporary one)")
    return parser


def time_clean_run(study: str, cores: str, configfile: str | None = None, keep: str | None = None) -> None:
    """Run `study` from an empty work directory and print its wall time and per-rule costs."""
    workdir = Path(keep or tempfile.mkdtemp(prefix=f"bench_{study}_"))
    wall, _ = timed_snakemake(workdir, study, "--cores", cores, "-q", configs=[configfile] if configfile else [])
    costs = rule_costs(workdir, study)
    print(f"wall time, clean run, --cores {cores}: {wall:.0f} s; CPU time of all jobs: {costs['cpu_s'].sum():.0f} s")
    print(costs.to_markdown())
