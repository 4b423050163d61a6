"""Snakemake job: decoders applied to the reference population (see neuroai.mentalsim)."""
from neuroai.common.logs import log_to
from neuroai.mentalsim.evaluation_jobs import run_reference_decoding

with log_to(snakemake.log[0]):  # noqa: F821
    run_reference_decoding(snakemake.params.ms, dict(snakemake.input.items()), snakemake.output[0])  # noqa: F821
