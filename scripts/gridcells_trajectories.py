"""Snakemake job: RatInABox training sequences and evaluation walks (see neuroai.gridcells.trajectories)."""
from neuroai.common.logs import log_to
from neuroai.gridcells.pipeline import make_trajectories

with log_to(snakemake.log[0]):  # noqa: F821
    make_trajectories({"seed": snakemake.params.seed, "gridcells": snakemake.params.gridcells},  # noqa: F821
                      snakemake.output.train, snakemake.output.eval)  # noqa: F821
