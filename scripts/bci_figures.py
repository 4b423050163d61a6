"""Snakemake job: BCI figures (see neuroai.bci.figures)."""
from neuroai.bci.pipeline import run_figures
from neuroai.common.logs import log_to

with log_to(snakemake.log[0]):  # noqa: F821
    run_figures(dict(snakemake.input.items()), dict(snakemake.output.items()), snakemake.params.style)  # noqa: F821
