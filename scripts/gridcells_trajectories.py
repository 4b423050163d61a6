"""Snakemake job: training velocity sequences and evaluation walks (neuroai.gridcells.jobs.trajectories)."""
from neuroai.gridcells.jobs import trajectories
from neuroai.common.jobs import run

run(trajectories, snakemake)
