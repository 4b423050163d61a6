"""Snakemake job: the states of one baseline (neuroai.mentalsim.jobs.baseline)."""
from neuroai.mentalsim.jobs import baseline
from neuroai.common.jobs import run

run(baseline, snakemake)
