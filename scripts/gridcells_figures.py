"""Snakemake job: every grid-cell figure as PDF + PNG (see neuroai.gridcells.figures)."""
from neuroai.common.logs import log_to
from neuroai.gridcells.pipeline import figure_files

with log_to(snakemake.log[0]):  # noqa: F821
    figure_files(snakemake.params.style, {"gridcells": snakemake.params.gridcells},  # noqa: F821
                 snakemake.input.units, snakemake.input.null, snakemake.input.curves,  # noqa: F821
                 snakemake.input.maps, snakemake.input.fractions, snakemake.input.modules,  # noqa: F821
                 snakemake.input.reference_codes,  # noqa: F821
                 dict(snakemake.output.items()))  # noqa: F821
