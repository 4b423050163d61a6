"""Snakemake job: train one condition's network with the self-supervised losses (neuroai.gridcells.jobs.train_network)."""
from neuroai.gridcells.jobs import train_network
from neuroai.common.jobs import run

run(train_network, snakemake)
