"""Benchmark: the whole default workflow from a clean results/, per study and in total; then the re-run after a
change of figure style only, the HTML report, and peak memory per rule from Snakemake's benchmark files.

Studies run one after another in one work directory (`bci`, `gridcells`, `mentalsim`, then `all`, which adds the
parameter sweeps and the claims ledger), so each study's time is its own; the total is their sum. Usage:
    .venv/bin/python bench/run_all.py [--cores 2] [--configfile FILE] [--keep DIR]
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pandas as pd
from study_timing import rule_costs, study_parser, timed_snakemake

STAGES = ["bci", "gridcells", "mentalsim", "all"]
FIGURE_RULES = {"bci_figures", "gridcells_figures", "mentalsim_figures", "bci_sweep_summary"}
TARGET_RULES = {"all", "bci", "gridcells", "mentalsim", "bci_sweeps"}  # rules with inputs only: no work


def main() -> None:
    args = study_parser(__doc__.splitlines()[0]).parse_args()
    workdir = Path(args.keep or tempfile.mkdtemp(prefix="bench_all_"))
    configs = [args.configfile] if args.configfile else []
    print(f"work directory: {workdir}\n\n| stage | wall s, clean, --cores {args.cores} |\n|---|--:|")
    walls = {}
    for stage in STAGES:
        walls[stage], _ = timed_snakemake(workdir, stage, "--cores", args.cores, "-q", configs=configs)
        print(f"| `{stage}`{' (sweeps, claims ledger)' if stage == 'all' else ''} | {walls[stage]:.0f} |", flush=True)
    print(f"| **total** | **{sum(walls.values()):.0f}** |")

    style = workdir / "style.yaml"
    style.write_text("figures: {font_scale: 1.3}\n")
    styled = configs + [str(style)]
    _, dry = timed_snakemake(workdir, "all", "-n", configs=styled)
    planned = set(re.findall(r"rule (\w+):", dry)) - TARGET_RULES
    rerun, _ = timed_snakemake(workdir, "all", "--cores", args.cores, "-q", configs=styled)
    print(f"\nfigure style changed (figures.font_scale 1.2 -> 1.3): {rerun:.0f} s; rules re-run: {sorted(planned)}; "
          f"only figure rules: {planned <= FIGURE_RULES}")
    report, _ = timed_snakemake(workdir, "all", "--report", "results/report.html", configs=styled)
    size = (workdir / "results" / "report.html").stat().st_size / 1e6
    print(f"report (`snakemake --report results/report.html`): {report:.0f} s, {size:.1f} MB")

    costs = pd.concat({s: rule_costs(workdir, s) for s in STAGES[:-1]}, names=["study"])
    print(f"\nCPU s of all jobs: {costs['cpu_s'].sum():.0f}\n\n{costs.to_markdown()}")


if __name__ == "__main__":
    main()
