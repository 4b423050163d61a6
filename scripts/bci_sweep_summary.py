"""Snakemake job: one sweep's summary table and figure."""
from neuroai.bci.pipeline import summarise_sweep
from neuroai.common.logs import log_to

with log_to(snakemake.log[0]):  # noqa: F821
    summarise_sweep(snakemake.input, snakemake.output.table, snakemake.output.pdf,  # noqa: F821
                    snakemake.output.png, snakemake.params.style)  # noqa: F821
