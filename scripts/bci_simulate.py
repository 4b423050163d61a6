"""Snakemake job: simulate one mouse (neuroai.bci.jobs.simulate)."""
from neuroai.bci.jobs import simulate
from neuroai.common.jobs import run

run(simulate, snakemake)
