"""Snakemake job: concatenate one analysis table over all mice and conditions."""
from neuroai.bci.pipeline import collect
from neuroai.common.logs import log_to

with log_to(snakemake.log[0]):  # noqa: F821
    collect(snakemake.input, snakemake.output[0], snakemake.wildcards.table)  # noqa: F821
