"""Snakemake job: every Mental-Pong figure (neuroai.mentalsim.jobs.figures)."""
from neuroai.mentalsim.jobs import figures
from neuroai.common.jobs import run

run(figures, snakemake)
