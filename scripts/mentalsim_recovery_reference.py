"""Snakemake job: a model-recovery population from one model's states (neuroai.mentalsim.jobs.recovery_reference)."""
from neuroai.mentalsim.jobs import recovery_reference
from neuroai.common.jobs import run

run(recovery_reference, snakemake)
