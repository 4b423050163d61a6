"""Benchmark: the whole default workflow from a clean results/, per study and in total; then the re-run after a
change of figure style only, the HTML report, and peak memory per rule from Snakemake's benchmark files.

Studies run one after another in one work directory (`bci`, `gridcells`, `mentalsim`, then `all`, which adds the
parameter sweeps and the claims ledger), so each study's time is its own; the total is their sum. Usage:
    .venv/bin/python bench/run_all.py [--cores 2] [--configfile FILE] [--keep DIR]
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from study_timing import ROOT, rule_costs, study_parser

STAGES = ["bci", "gridcells", "mentalsim", "all"]
FIGURE_RULES = {"bci_figures", "gridcells_figures", "mentalsim_figures", "bci_sweep_summary"}
TARGET_RULES = {"all", "bci", "gridcells", "mentalsim", "bci_sweeps"}  # rules with inputs only: no work


def snakemake(workdir: Path, configs: list[str], *args: str) -> tuple[float, str]:
    """Seconds taken by one snakemake call, and its standard output."""
    cmd = [str(Path(sys.executable).parent / "snakemake"), "-s", str(ROOT / "Snakefile"), "--directory",
           str(workdir), *args]
    cmd += ["--configfile", *configs] if configs else []
    start = time.perf_counter()
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, done.stdout


def main() -> None:
    args = study_parser(__doc__.splitlines()[0]).parse_args()
    workdir = Path(args.keep or tempfile.mkdtemp(prefix="bench_all_"))
    configs = [args.configfile] if args.configfile else []
    print(f"work directory: {workdir}\n\n| stage | wall s, clean, --cores {args.cores} |\n|---|--:|")
    walls = {}
    for stage in STAGES:
        walls[stage], _ = snakemake(workdir, configs, stage, "--cores", args.cores, "-q")
        print(f"| `{stage}`{' (sweeps, claims ledger)' if stage == 'all' else ''} | {walls[stage]:.0f} |", flush=True)
    print(f"| **total** | **{sum(walls.values()):.0f}** |")

    style = workdir / "style.yaml"
    style.write_text("figures: {font_scale: 1.3}\n")
    _, dry = snakemake(workdir, configs + [str(style)], "all", "-n")
    planned = set(re.findall(r"rule (\w+):", dry)) - TARGET_RULES
    rerun, _ = snakemake(workdir, configs + [str(style)], "all", "--cores", args.cores, "-q")
    print(f"\nfigure style changed (figures.font_scale 1.2 -> 1.3): {rerun:.0f} s; rules re-run: {sorted(planned)}; "
          f"only figure rules: {planned <= FIGURE_RULES}")
    report, _ = snakemake(workdir, configs + [str(style)], "all", "--report", "results/report.html")
    size = (workdir / "results" / "report.html").stat().st_size / 1e6
    print(f"report (`snakemake --report results/report.html`): {report:.0f} s, {size:.1f} MB")

    costs = pd.concat({s: rule_costs(workdir, s) for s in STAGES[:-1]}, names=["study"])
    print(f"\nCPU s of all jobs: {costs['cpu_s'].sum():.0f}\n\n{costs.to_markdown()}")


if __name__ == "__main__":
    main()
