"""Snakemake job: the unoccluded pretraining corpus (see neuroai.mentalsim)."""
from neuroai.common.logs import log_to
from neuroai.mentalsim.pipeline import run_pretraining_set

with log_to(snakemake.log[0]):  # noqa: F821
    run_pretraining_set(snakemake.params.ms, snakemake.params.seed, snakemake.output[0])  # noqa: F821
