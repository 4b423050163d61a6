"""Snakemake job: held-out seeds scored against one recovery population (neuroai.mentalsim.jobs.recovery_evaluate)."""
from neuroai.mentalsim.jobs import recovery_evaluate
from neuroai.common.jobs import run

run(recovery_evaluate, snakemake)
