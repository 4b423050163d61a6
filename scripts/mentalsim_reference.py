"""Snakemake job: the reference population (neuroai.mentalsim.jobs.reference)."""
from neuroai.mentalsim.jobs import reference
from neuroai.common.jobs import run

run(reference, snakemake)
