"""Snakemake job: one task-trained reference network (neuroai.mentalsim.jobs.task_rnn)."""
from neuroai.mentalsim.jobs import task_rnn
from neuroai.common.jobs import run

run(task_rnn, snakemake)
