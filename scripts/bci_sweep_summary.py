"""Snakemake job: one sweep's summary table and figure (neuroai.bci.jobs.sweep_summary)."""
from neuroai.bci.jobs import sweep_summary
from neuroai.common.jobs import run

run(sweep_summary, snakemake)
