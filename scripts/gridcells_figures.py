"""Snakemake job: every grid-cell figure (neuroai.gridcells.jobs.figures)."""
from neuroai.gridcells.jobs import figures
from neuroai.common.jobs import run

run(figures, snakemake)
