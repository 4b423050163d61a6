"""Snakemake job: Mental-Pong condition set, latents and videos (see neuroai.mentalsim)."""
from neuroai.common.logs import log_to
from neuroai.mentalsim.pipeline import run_stimuli

with log_to(snakemake.log[0]):  # noqa: F821
    run_stimuli(snakemake.params.ms, snakemake.params.seed, dict(snakemake.output.items()))  # noqa: F821
