"""Snakemake job: rate maps, grid scores and shuffle null of one condition (neuroai.gridcells.jobs.evaluate_network)."""
from neuroai.gridcells.jobs import evaluate_network
from neuroai.common.jobs import run

run(evaluate_network, snakemake)
