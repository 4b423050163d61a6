"""Snakemake job: train one model class and record its states (see neuroai.mentalsim)."""
from neuroai.common.logs import log_to
from neuroai.mentalsim.model_jobs import run_model

with log_to(snakemake.log[0]):  # noqa: F821
    run_model(snakemake.wildcards.model, snakemake.params.ms, snakemake.params.seed,  # noqa: F821
              dict(snakemake.input.items()), dict(snakemake.output.items()))  # noqa: F821
