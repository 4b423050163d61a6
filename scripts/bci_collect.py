"""Snakemake job: one analysis table over all mice and conditions (neuroai.bci.jobs.collect)."""
from neuroai.bci.jobs import collect
from neuroai.common.jobs import run

run(collect, snakemake)
