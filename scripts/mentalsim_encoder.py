"""Snakemake job: pretrain one self-supervised encoder (see neuroai.mentalsim)."""
from neuroai.common.logs import log_to
from neuroai.mentalsim.model_jobs import run_encoder

with log_to(snakemake.log[0]):  # noqa: F821
    run_encoder(snakemake.wildcards.encoder, snakemake.params.ms, snakemake.params.seed,  # noqa: F821
                snakemake.input.clips, dict(snakemake.output.items()))  # noqa: F821
