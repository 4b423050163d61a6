"""Snakemake job: write one simulated mouse as NWB files (neuroai.bci.jobs.export_nwb)."""
from neuroai.bci.jobs import export_nwb
from neuroai.common.jobs import run

run(export_nwb, snakemake)
