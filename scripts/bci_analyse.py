"""Snakemake job: analyse one mouse's recording (neuroai.bci.jobs.analyse)."""
from neuroai.bci.jobs import analyse
from neuroai.common.jobs import run

run(analyse, snakemake)
