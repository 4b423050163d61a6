"""Snakemake job: every BCI figure (neuroai.bci.jobs.figures)."""
from neuroai.bci.jobs import figures
from neuroai.common.jobs import run

run(figures, snakemake)
