"""Benchmark: DAG planning time (dry run) and total time of a BCI sweep with 10, 100 and 1,000 points.

Each point uses the tiny test sizes, so the total time measures the workflow's per-point overhead plus a small
simulation. Usage:
    .venv/bin/python bench/bci_sweep_scaling.py [--points 10 100 1000] [--run 10 100] [--cores 2]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import yaml
from study_timing import ROOT, timed_snakemake

TINY = ROOT / "tests" / "bci" / "tiny_config.yaml"
POINT_SIZE = {"mice_per_condition": 2, "sessions": 2, "trials_per_session": 4, "n_neurons": 20,
              "task": {"baseline_s": 40}, "analysis": {"residual_pcs": 3}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--run", type=int, nargs="*", default=[10], help="point counts to also run in full")
    parser.add_argument("--cores", default="2")
    args = parser.parse_args()
    print("| points | planning (dry run) s | total run s |\n|---:|---:|---:|")
    for n in args.points:
        workdir = Path(tempfile.mkdtemp(prefix=f"bench_sweep{n}_"))
        sweep = workdir / "sweep.yaml"
        sweep.write_text(yaml.safe_dump({"sweeps": [{
            "name": "scaling", "conditions": ["dendrite_inhibition"], "overrides": POINT_SIZE,
            "parameters": {"inhibition_strength": {"start": 0.0, "stop": 0.99, "num": n}}}]}))
        configs = [str(TINY), str(sweep)]
        plan, _ = timed_snakemake(workdir, "bci_sweeps", "-q", "-n", configs=configs)
        total = (timed_snakemake(workdir, "bci_sweeps", "-q", "--cores", args.cores, configs=configs)[0]
                 if n in args.run else float("nan"))
        print(f"| {n} | {plan:.1f} | {total:.0f} |", flush=True)


if __name__ == "__main__":
    main()
