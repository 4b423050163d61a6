"""Snakemake job: train one model class and record its states (neuroai.mentalsim.jobs.model)."""
from neuroai.mentalsim.jobs import model
from neuroai.common.jobs import run

run(model, snakemake)
