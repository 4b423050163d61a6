"""Snakemake job: one calibration grid value's control mice (neuroai.bci.jobs.calibration_run)."""
from neuroai.bci.jobs import calibration_run
from neuroai.common.jobs import run

run(calibration_run, snakemake)
