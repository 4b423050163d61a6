"""Snakemake job: grid fractions vs chance, ablation contrasts, modules, claims and summary (neuroai.gridcells.jobs.statistics)."""
from neuroai.gridcells.jobs import statistics
from neuroai.common.jobs import run

run(statistics, snakemake)
