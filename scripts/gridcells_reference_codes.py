"""Snakemake job: hand-built place and grid codes scored by the training losses (neuroai.gridcells.jobs.score_reference_codes)."""
from neuroai.gridcells.jobs import score_reference_codes
from neuroai.common.jobs import run

run(score_reference_codes, snakemake)
