"""Benchmark: the BCI study from a clean results/ with `snakemake --cores N bci`.

Prints wall time and, from Snakemake's benchmark files, CPU seconds and peak memory per rule (CPU time is far less
sensitive than wall time to other load on the machine). Usage:
    .venv/bin/python bench/bci_end_to_end.py [--cores 2] [--configfile FILE] [--keep DIR]
"""

from __future__ import annotations

import argparse

from study_timing import time_clean_run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cores", default="2")
    parser.add_argument("--configfile", default=None)
    parser.add_argument("--keep", default=None, help="work directory to keep (default: a temporary one)")
    args = parser.parse_args()
    time_clean_run("bci", args.cores, args.configfile, args.keep)


if __name__ == "__main__":
    main()
