"""Snakemake job: decoding and predictivity sums of one model (neuroai.mentalsim.jobs.evaluate_model)."""
from neuroai.mentalsim.jobs import evaluate_model
from neuroai.common.jobs import run

run(evaluate_model, snakemake)
