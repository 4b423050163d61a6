"""Snakemake job: the unoccluded pretraining corpus (neuroai.mentalsim.jobs.pretraining_set)."""
from neuroai.mentalsim.jobs import pretraining_set
from neuroai.common.jobs import run

run(pretraining_set, snakemake)
