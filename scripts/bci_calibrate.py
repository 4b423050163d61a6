"""Snakemake job: fit the learning rate on control mice (neuroai.bci.jobs.calibrate)."""
from neuroai.bci.jobs import calibrate
from neuroai.common.jobs import run

run(calibrate, snakemake)
