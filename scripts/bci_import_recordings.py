"""Snakemake job: import one mouse's recorded sessions (neuroai.bci.jobs.import_recordings)."""
from neuroai.bci.jobs import import_recordings
from neuroai.common.jobs import run

run(import_recordings, snakemake)
