"""Snakemake job: BCI statistics tables and summary (see neuroai.bci.stats)."""
from neuroai.bci.pipeline import run_stats
from neuroai.common.logs import log_to

with log_to(snakemake.log[0]):  # noqa: F821
    run_stats(dict(snakemake.input.items()), dict(snakemake.output.items()),  # noqa: F821
              snakemake.params.early_fraction)  # noqa: F821
