"""Snakemake job: BCI statistics tables, claims and summary (neuroai.bci.jobs.statistics)."""
from neuroai.bci.jobs import statistics
from neuroai.common.jobs import run

run(statistics, snakemake)
