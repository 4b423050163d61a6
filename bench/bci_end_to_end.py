"""Benchmark: the BCI study from a clean results/ with `snakemake --cores N bci`.

Prints wall time and, from Snakemake's benchmark files, CPU seconds and peak memory per rule (CPU time is far less
sensitive than wall time to other load on the machine). Usage:
    .venv/bin/python bench/bci_end_to_end.py [--cores 2] [--configfile FILE] [--keep DIR]
"""

from __future__ import annotations


from study_timing import study_parser, time_clean_run


def main() -> None:
    parser = study_parser(__doc__.splitlines()[0])
    args = parser.parse_args()
    time_clean_run("bci", args.cores, args.configfile, args.keep)


if __name__ == "__main__":
    main()
