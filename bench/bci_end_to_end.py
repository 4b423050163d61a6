"""Benchmark: the BCI study from a clean results/ with `snakemake --cores N bci`.

Prints wall time and, from Snakemake's benchmark files, CPU seconds and peak memory per rule (CPU time is far less
sensitive than wall time to other load on the machine). Usage:
    .venv/bin/python bench/bci_end_to_end.py [--cores 2] [--configfile FILE] [--keep DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def rule_costs(workdir: Path) -> pd.DataFrame:
    """Jobs, summed CPU seconds, summed and max wall seconds, and peak RSS (MB) per rule."""
    rows = []
    for tsv in (workdir / "benchmarks").rglob("*.tsv"):
        b = pd.read_csv(tsv, sep="\t").iloc[0]
        rows.append({"rule": tsv.relative_to(workdir / "benchmarks").parts[:2], "s": b["s"],
                     "cpu_time": b["cpu_time"], "max_rss": b["max_rss"]})
    df = pd.DataFrame(rows)
    df["rule"] = df["rule"].map(lambda parts: "/".join(p.removesuffix(".tsv") for p in parts))
    return df.groupby("rule").agg(jobs=("s", "size"), cpu_s=("cpu_time", "sum"), wall_s=("s", "sum"),
                                  max_wall_s=("s", "max"), peak_rss_mb=("max_rss", "max")).round(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cores", default="2")
    parser.add_argument("--configfile", default=None)
    parser.add_argument("--keep", default=None, help="work directory to keep (default: a temporary one)")
    args = parser.parse_args()
    workdir = Path(args.keep or tempfile.mkdtemp(prefix="bench_bci_"))
    cmd = [str(Path(sys.executable).parent / "snakemake"), "-s", str(ROOT / "Snakefile"), "--directory",
           str(workdir), "--cores", args.cores, "bci", "-q"]
    if args.configfile:
        cmd += ["--configfile", args.configfile]
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    wall = time.perf_counter() - start
    costs = rule_costs(workdir)
    print(f"wall time, clean run, --cores {args.cores}: {wall:.0f} s; CPU time of all jobs: "
          f"{costs['cpu_s'].sum():.0f} s")
    print(costs.to_markdown())


if __name__ == "__main__":
    main()
