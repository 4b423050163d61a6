"""Snakemake job: Mental-Pong statistics tables, claims and summary (neuroai.mentalsim.jobs.statistics)."""
from neuroai.mentalsim.jobs import statistics
from neuroai.common.jobs import run

run(statistics, snakemake)
