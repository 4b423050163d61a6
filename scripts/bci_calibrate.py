"""Snakemake job: fit the learning rate from the calibration runs (neuroai.bci.jobs.calibrate)."""
from neuroai.bci.jobs import calibrate
from neuroai.common.jobs import run

run(calibrate, snakemake)
