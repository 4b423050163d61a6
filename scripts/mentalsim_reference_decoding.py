"""Snakemake job: decoders applied to the reference population (neuroai.mentalsim.jobs.reference_decoding)."""
from neuroai.mentalsim.jobs import reference_decoding
from neuroai.common.jobs import run

run(reference_decoding, snakemake)
