"""Snakemake job: Mental-Pong condition set, latents and videos (neuroai.mentalsim.jobs.stimuli)."""
from neuroai.mentalsim.jobs import stimuli
from neuroai.common.jobs import run

run(stimuli, snakemake)
