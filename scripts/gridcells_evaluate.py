"""Snakemake job: rate maps, grid scores and shuffle null of one condition (see neuroai.gridcells.evaluate)."""
from neuroai.common.logs import log_to
from neuroai.gridcells.pipeline import evaluate_files

with log_to(snakemake.log[0]):  # noqa: F821
    evaluate_files({"seed": snakemake.params.seed, "gridcells": snakemake.params.gridcells},  # noqa: F821
                   snakemake.wildcards.condition, snakemake.input.model, snakemake.input.eval,  # noqa: F821
                   snakemake.output.units, snakemake.output.null, snakemake.output.maps)  # noqa: F821
