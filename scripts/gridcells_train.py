"""Snakemake job: train one condition's network with the self-supervised losses (see neuroai.gridcells.train)."""
from neuroai.common.logs import log_to
from neuroai.gridcells.pipeline import train_condition

with log_to(snakemake.log[0]):  # noqa: F821
    train_condition({"seed": snakemake.params.seed, "gridcells": snakemake.params.gridcells},  # noqa: F821
                    snakemake.wildcards.condition, snakemake.input.train,  # noqa: F821
                    snakemake.output.model, snakemake.output.curve)  # noqa: F821
