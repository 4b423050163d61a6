"""Snakemake job: pretrain one self-supervised encoder (neuroai.mentalsim.jobs.encoder)."""
from neuroai.mentalsim.jobs import encoder
from neuroai.common.jobs import run

run(encoder, snakemake)
