"""Snakemake job: every Mental-Pong figure (see neuroai.mentalsim)."""
from neuroai.common.logs import log_to
from neuroai.mentalsim.figures import run_figures

with log_to(snakemake.log[0]):  # noqa: F821
    run_figures(snakemake.params.style, snakemake.params.ms, dict(snakemake.input.items()),  # noqa: F821
                dict(snakemake.output.items()))  # noqa: F821
